#!/usr/bin/env python3
"""Makes the book's picture of `dossier lsp` in Neovim (docs/src/images/lsp-neovim.png).

Runs Debian's Neovim (0.7) in a pseudo-terminal on a copy of the example dossier with one
planted typo (a test that verifies REQ-04 instead of REQ-004), lets the language server
publish its findings, opens the finding's float, and draws the terminal's screen as read by
the `pyte` terminal emulator (pip install pyte) with PIL and DejaVu Sans Mono.

Usage: python3 docs/tools/lsp_screenshot.py [--binary target/debug/dossier]
"""

import argparse
import os
import pty
import select
import shutil
import subprocess
import tempfile
import time

import pyte
from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLS, ROWS = 104, 30
PALETTE = {
    "default": None, "black": "#1e1e1e", "red": "#e06c75", "green": "#98c379",
    "brown": "#d19a66", "yellow": "#e5c07b", "blue": "#61afef", "magenta": "#c678dd",
    "cyan": "#56b6c2", "white": "#dcdfe4", "lightgray": "#abb2bf", "darkgray": "#5c6370",
}
FG, BG = "#dcdfe4", "#282c34"


def color(name, default):
    if name in (None, "default"):
        return default
    if name in PALETTE and PALETTE[name]:
        return PALETTE[name]
    if len(name) == 6:
        try:
            int(name, 16)
            return "#" + name
        except ValueError:
            pass
    return default


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    parser.add_argument("--binary", default=os.path.join(target, "debug", "dossier"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs/src/images/lsp-neovim.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dossier = os.path.join(tmp, "lumen")
        shutil.copytree(os.path.join(ROOT, "example-dossier"), dossier,
                        ignore=shutil.ignore_patterns("build"))
        tests = os.path.join(dossier, "verification", "tests.yaml")
        text = open(tests).read()
        text = text.replace("verifies: [REQ-004]", "verifies: [REQ-04]", 1)
        open(tests, "w").write(text)
        line = text[:text.index("REQ-04")].count("\n") + 1
        init = os.path.join(tmp, "init.lua")
        open(init, "w").write(f"""
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.termguicolors = true
vim.o.laststatus = 2
vim.cmd("syntax on")
vim.cmd("filetype on")
vim.cmd("highlight Normal guibg=#282c34 guifg=#dcdfe4")
vim.cmd("highlight NormalFloat guibg=#3b4048 guifg=#dcdfe4")
vim.cmd("highlight FloatBorder guibg=#3b4048 guifg=#abb2bf")
vim.cmd("highlight SignColumn guibg=#282c34")
vim.cmd("highlight LineNr guifg=#5c6370")
vim.diagnostic.config({{ float = {{ border = "single" }} }})
local client = vim.lsp.start_client({{ name = "dossier", cmd = {{ "{args.binary}", "lsp", "{dossier}" }}, root_dir = "{dossier}" }})
vim.api.nvim_create_autocmd("BufEnter", {{ callback = function(a) vim.lsp.buf_attach_client(a.buf, client) end }})
""")
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.chdir(dossier)
            os.execvp("nvim", ["nvim", "-u", init, "-i", "NONE", "-n", f"+{line}", tests])
        import fcntl, struct, termios
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        screen = pyte.Screen(COLS, ROWS)
        stream = pyte.ByteStream(screen)

        def pump(seconds):
            end = time.time() + seconds
            while time.time() < end:
                ready, _, _ = select.select([fd], [], [], 0.1)
                if ready:
                    try:
                        stream.feed(os.read(fd, 65536))
                    except OSError:
                        return

        pump(6)
        os.write(fd, b"zz")
        pump(1)
        os.write(fd, b":lua vim.diagnostic.open_float()\r")
        pump(2)
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 15)
        cw, ch = 9, 19
        image = Image.new("RGB", (COLS * cw + 16, ROWS * ch + 16), BG)
        draw = ImageDraw.Draw(image)
        for y in range(ROWS):
            row = screen.buffer[y]
            for x in range(COLS):
                cell = row[x]
                fg, bg = color(cell.fg, FG), color(cell.bg, BG)
                if cell.reverse:
                    fg, bg = bg, fg
                left, top = 8 + x * cw, 8 + y * ch
                if bg != BG:
                    draw.rectangle([left, top, left + cw, top + ch], fill=bg)
                if cell.data.strip():
                    draw.text((left, top + 1), cell.data, font=font, fill=fg)
        image.save(args.out, optimize=True)
        os.write(fd, b"\x1b:qa!\r")
        pump(1)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
