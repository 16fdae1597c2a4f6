//! `dossier serve`: the HTML site on localhost, rebuilt when a file the last build read
//! changes, for design reviews and for authors who want to see their edits.
//!
//! The site is served from memory (nothing is written to the dossier or the output folder).
//! Changes are found by polling the modification time and size of the files the last build
//! read and of their folders (a new file in a folder changes the folder), which needs no
//! platform watcher and costs a few hundred `stat` calls a second. Served pages get a small
//! script that reloads them after a rebuild; the built site itself never has it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::Fatal;
use crate::render::site::Files;

/// What a build gives the server: the site, and the files to watch.
pub struct Served {
    /// The site's files.
    pub files: Files,
    /// The files and folders whose change triggers a rebuild.
    pub watch: Vec<PathBuf>,
}

/// The state of the watched files: modification time and size, or absent.
type Stamps = BTreeMap<PathBuf, Option<(SystemTime, u64)>>;

fn stamps(paths: &[PathBuf]) -> Stamps {
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p)
                .ok()
                .and_then(|m| m.modified().ok().map(|t| (t, m.len())));
            (p.clone(), meta)
        })
        .collect()
}

/// The paths to watch for a build that read `files` (relative to `root`): each file and
/// each folder that holds one, up to the root.
pub fn watch_list(root: &Path, files: impl IntoIterator<Item = String>) -> Vec<PathBuf> {
    let mut set = std::collections::BTreeSet::new();
    set.insert(root.to_path_buf());
    for rel in files {
        let path = root.join(&rel);
        let mut dir = path.parent();
        while let Some(d) = dir {
            if !d.starts_with(root) || !set.insert(d.to_path_buf()) {
                break;
            }
            dir = d.parent();
        }
        set.insert(path);
    }
    set.into_iter().collect()
}

/// The tag served pages get: a script of the server's own (not inline, so the pages'
/// Content-Security-Policy allows it).
const RELOAD_TAG: &str = "<script src=\"/__dossier/reload.js\"></script>";

/// Reloads the page when the server's build number changes.
const RELOAD_JS: &str = "(function(){var v=null;function poll(){fetch('/__dossier/build',{cache:'no-store'}).then(function(r){return r.text();}).then(function(t){if(v!==null&&t!==v){location.reload();}v=t;}).catch(function(){});}poll();setInterval(poll,1000);})();\n";

// The media types are the render stage's (the PDF's attached files carry them too).
use crate::render::media::content_type;

/// Decodes `%XX` escapes of a URL path; `None` if they do not make UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site file a request path names: `/` is `index.html`, a folder its `index.html`;
/// `None` for anything that tries to leave the site.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => parts.push(p),
        }
    }
    let mut rel = parts.join("/");
    if rel.is_empty() || decoded.ends_with('/') {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Some(rel)
}

/// The Content-Security-Policy of every served page (the same as the built pages' meta tag).
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'";

/// The policy of every other file, SVG diagrams above all: a file opened on its own runs no
/// script and loads nothing (`sandbox`), so a dossier's SVG is only ever an image.
const FILE_CSP: &str =
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/// The longest request line and the longest head (request line and headers) read.
const MAX_HEAD: usize = 8 * 1024;

/// How many connections are served at once; more are answered 503 at once.
const MAX_CONNECTIONS: usize = 64;

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], head_only: bool) {
    let csp = if kind.starts_with("text/html") || kind.starts_with("text/javascript") {
        PAGE_CSP
    } else {
        FILE_CSP
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {csp}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// Reads one line of the head, at most `budget` bytes; `None` when the line is longer (or
/// the connection fails).
fn read_head_line(reader: &mut impl BufRead, budget: &mut usize) -> Option<String> {
    use std::io::Read;
    let mut line = Vec::new();
    reader
        .by_ref()
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut line)
        .ok()?;
    if line.len() > *budget {
        return None;
    }
    *budget -= line.len();
    Some(String::from_utf8_lossy(&line).into_owned())
}

/// Whether a `Host` header names the address the server is bound to: DNS rebinding sends a
/// page from another site here with that site's name as the host, and is refused.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let port = bound.port();
    let host = host.trim().to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

fn handle(mut stream: TcpStream, site: &RwLock<Files>, generation: &AtomicU64, bound: SocketAddr) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut budget = MAX_HEAD;
    // Refused, then what the client still sends is read and dropped (at most 1 MiB, for at
    // most a second), so the connection closes cleanly and the client reads the answer.
    let too_large = |stream: &mut TcpStream, reader: &mut BufReader<TcpStream>| {
        use std::io::Read;
        respond(
            stream,
            "431 Request Header Fields Too Large",
            "text/plain",
            b"request too large\n",
            false,
        );
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut sink = [0u8; 8192];
        let mut drained = 0;
        while drained < 1024 * 1024 {
            match reader.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    };
    let Some(line) = read_head_line(&mut reader, &mut budget) else {
        too_large(&mut stream, &mut reader);
        return;
    };
    // The headers: only `Host` is used; the head is bounded, so a client cannot hold memory.
    let mut host = None;
    loop {
        let Some(header) = read_head_line(&mut reader, &mut budget) else {
            too_large(&mut stream, &mut reader);
            return;
        };
        if header.is_empty() || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    if !host.as_deref().is_some_and(|h| host_allowed(h, bound)) {
        respond(
            &mut stream,
            "421 Misdirected Request",
            "text/plain",
            b"this server answers only requests for its own loopback address\n",
            false,
        );
        return;
    }
    let mut words = line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            false,
        );
        return;
    }
    if target.split('?').next() == Some("/__dossier/reload.js") {
        respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            head_only,
        );
        return;
    }
    if target.split('?').next() == Some("/__dossier/build") {
        let body = generation.load(Ordering::SeqCst).to_string();
        respond(
            &mut stream,
            "200 OK",
            "text/plain",
            body.as_bytes(),
            head_only,
        );
        return;
    }
    let Some(rel) = site_path(target) else {
        respond(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            b"bad path\n",
            false,
        );
        return;
    };
    let Ok(files) = site.read() else {
        respond(
            &mut stream,
            "500 Internal Server Error",
            "text/plain",
            b"\n",
            false,
        );
        return;
    };
    match files.get(&rel) {
        Some(bytes) if rel.ends_with(".html") => {
            let text = String::from_utf8_lossy(bytes);
            let page = match text.rfind("</body>") {
                Some(at) => format!("{}{RELOAD_TAG}{}", &text[..at], &text[at..]),
                None => text.into_owned(),
            };
            respond(
                &mut stream,
                "200 OK",
                content_type(&rel),
                page.as_bytes(),
                head_only,
            );
        }
        Some(bytes) => respond(&mut stream, "200 OK", content_type(&rel), bytes, head_only),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            head_only,
        ),
    }
}

/// Serves the site built by `build` on `addr`, rebuilding when a watched file changes.
/// `ready` is called with the bound address once the first build is served; a failed
/// rebuild is reported by `report` and the previous site stays up.
pub fn serve(
    addr: SocketAddr,
    build: impl Fn() -> Result<Served, Fatal>,
    ready: impl FnOnce(SocketAddr),
    report: impl Fn(Result<usize, &Fatal>),
) -> Result<(), Fatal> {
    let first = build()?;
    let mut watched = stamps(&first.watch);
    let mut watch = first.watch;
    report(Ok(first.files.len()));
    let site = Arc::new(RwLock::new(first.files));
    let generation = Arc::new(AtomicU64::new(1));
    let listener =
        TcpListener::bind(addr).map_err(|e| Fatal::new(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Fatal::new(format!("cannot listen on {addr}: {e}")))?;
    {
        let site = Arc::clone(&site);
        let generation = Arc::clone(&generation);
        let active = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                    respond(
                        &mut stream,
                        "503 Service Unavailable",
                        "text/plain",
                        b"busy\n",
                        false,
                    );
                    continue;
                }
                active.fetch_add(1, Ordering::SeqCst);
                let site = Arc::clone(&site);
                let generation = Arc::clone(&generation);
                let active = Arc::clone(&active);
                std::thread::spawn(move || {
                    handle(stream, &site, &generation, bound);
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
    }
    ready(bound);
    loop {
        std::thread::sleep(Duration::from_millis(400));
        let now = stamps(&watch);
        if now == watched {
            continue;
        }
        // Let an editor finish writing before reading.
        std::thread::sleep(Duration::from_millis(150));
        match build() {
            Ok(next) => {
                report(Ok(next.files.len()));
                if let Ok(mut files) = site.write() {
                    *files = next.files;
                }
                generation.fetch_add(1, Ordering::SeqCst);
                watch = next.watch;
                watched = stamps(&watch);
            }
            Err(e) => {
                report(Err(&e));
                watched = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/kinds/").as_deref(), Some("kinds/index.html"));
        assert_eq!(
            site_path("/artifacts/THR-001.html?x=1").as_deref(),
            Some("artifacts/THR-001.html")
        );
        assert_eq!(
            site_path("/files/a%20b.svg").as_deref(),
            Some("files/a b.svg")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/files/%2e%2e/x"), None);
    }

    #[test]
    fn only_the_bound_loopback_host_is_answered() {
        let bound: SocketAddr = "127.0.0.1:8123".parse().unwrap();
        assert!(host_allowed("127.0.0.1:8123", bound));
        assert!(host_allowed("localhost:8123", bound));
        assert!(host_allowed("[::1]:8123", bound));
        assert!(!host_allowed("evil.example:8123", bound));
        assert!(!host_allowed("localhost:80", bound));
        assert!(!host_allowed("127.0.0.1", bound));
    }

    #[test]
    fn watch_list_holds_files_and_folders() {
        let list = watch_list(Path::new("/d"), ["a/b.yaml".to_string()]);
        assert!(list.contains(&PathBuf::from("/d/a/b.yaml")));
        assert!(list.contains(&PathBuf::from("/d/a")));
        assert!(list.contains(&PathBuf::from("/d")));
    }
}
