//! The site in a real browser: headless Chromium (Debian's `chromium`), driven over the
//! DevTools protocol by the `headless_chrome` crate. The home page loads with no console
//! error and no failed or outside request; search finds an artifact from `file://`; links
//! lead from a threat through its risk and control to a test.
//!
//! `tests/run.sh` (the README's test command, which CI runs) installs Chromium when it is
//! missing and sets `DOSSIER_REQUIRE_BROWSER=1`, so this test never skips there; a plain
//! `cargo test` on a machine without Chromium says that it skipped.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::site::{start_server, write_example_site};
use crate::support::{copy_tree, root};

/// Chromium's path: `DOSSIER_CHROMIUM`, else Debian's.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("DOSSIER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.exists().then_some(path)
}

fn launch(path: PathBuf) -> Browser {
    // The flags keep Chromium from reaching for the network on its own (component updates,
    // sync, field trials), which a closed machine answers with errors.
    let args: Vec<&OsStr> = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).expect("Chromium starts")
}

/// Console errors, uncaught exceptions and error log entries (failed loads among them).
fn record_errors(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&errors);
    tab.enable_runtime().expect("runtime");
    tab.enable_log().expect("log");
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::RuntimeConsoleAPICalled(e)
                if matches!(format!("{:?}", e.params.Type).as_str(), "Error" | "Assert") =>
            {
                Some(format!("console: {:?}", e.params.args))
            }
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("exception: {:?}", e.params.exception_details))
            }
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => Some(
                format!("log: {} {:?}", e.params.entry.text, e.params.entry.url),
            ),
            _ => None,
        };
        if let (Some(m), Ok(mut list)) = (message, sink.lock()) {
            list.push(m);
        }
    }))
    .expect("listener");
    errors
}

fn eval_string(tab: &Tab, js: &str) -> String {
    tab.evaluate(js, false)
        .expect("evaluates")
        .value
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Follows the first link in the page's "Down the trace" list whose target starts with
/// `prefix`, and returns the new page's URL.
fn follow_down(tab: &Tab, prefix: &str) -> String {
    let selector = format!("section[aria-labelledby=down-h] a[href*='{prefix}']");
    tab.wait_for_element(&selector)
        .unwrap_or_else(|e| panic!("no {prefix} link downstream on {}: {e}", tab.get_url()))
        .click()
        .expect("click");
    tab.wait_until_navigated().expect("navigates");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !tab.get_url().contains(prefix) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    tab.get_url()
}

#[test]
fn site_works_in_chromium() {
    let Some(path) = chromium() else {
        assert!(
            std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none(),
            "Chromium is required (DOSSIER_REQUIRE_BROWSER is set) but /usr/bin/chromium is missing; run tests/run.sh"
        );
        eprintln!("SKIPPED site_works_in_chromium: no Chromium (tests/run.sh installs it)");
        return;
    };
    let browser = launch(path);
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    let errors = record_errors(&tab);

    // 1. Served over HTTP: the home page loads, with no console error, no failed request
    //    and no request to another origin.
    let dossier = tempfile::tempdir().expect("temp");
    copy_tree(&root().join("example-dossier"), dossier.path());
    let server = start_server(dossier.path());
    let origin = format!("http://{}", server.addr);
    tab.navigate_to(&format!("{origin}/index.html"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loads");
    tab.wait_for_element("main h1")
        .expect("the home page renders");
    std::thread::sleep(Duration::from_millis(1500));
    let title = tab.get_title().expect("title");
    assert!(title.contains("Lumen IV-7"), "{title}");
    let requests = eval_string(
        &tab,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus]).concat([[location.href, 200]]))",
    );
    let requests: Vec<(String, u32)> = serde_json::from_str(&requests).expect("entries");
    assert!(requests.len() >= 3, "{requests:?}");
    for (url, status) in &requests {
        assert!(url.starts_with(&origin), "a request left the site: {url}");
        assert_eq!(*status, 200, "{url} failed");
    }
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );

    // 2. From file://: the search box finds an artifact, and the search page lists it.
    let out = tempfile::tempdir().expect("temp");
    let site = out.path().join("site");
    write_example_site(&site);
    let base = format!("file://{}", site.display());
    tab.navigate_to(&format!("{base}/index.html"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loads");
    tab.wait_for_element("#q")
        .expect("search box")
        .click()
        .expect("focus");
    tab.type_str("CVE-2025-27809").expect("types");
    let hit = tab
        .wait_for_element("#search-results a")
        .expect("a search result");
    let href = hit
        .get_attribute_value("href")
        .expect("attribute")
        .unwrap_or_default();
    assert!(href.ends_with("artifacts/CVE-2025-27809.html"), "{href}");
    hit.click().expect("click");
    tab.wait_until_navigated().expect("navigates");
    tab.wait_for_element("#artifact-title")
        .expect("artifact page");
    assert!(
        tab.get_url().ends_with("CVE-2025-27809.html"),
        "{}",
        tab.get_url()
    );
    tab.navigate_to(&format!("{base}/search.html?q=mbed%20tls"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loads");
    tab.wait_for_element("#search-page-results li a")
        .expect("results");
    let status = eval_string(&tab, "document.getElementById('search-status').textContent");
    assert!(status.contains("result"), "{status}");

    // An index page filters its rows as the reader types.
    tab.navigate_to(&format!("{base}/kinds/threat.html"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loads");
    tab.wait_for_element("#filter")
        .expect("filter box")
        .click()
        .expect("focus");
    tab.type_str("THR-003").expect("types");
    let shown = eval_string(
        &tab,
        "String(Array.from(document.querySelectorAll('#kind-rows tbody tr')).filter(r => !r.hidden).length)",
    );
    assert_eq!(shown, "1", "one threat left");

    // 3. From a threat down the trace: its risk, the risk's control, the control's test.
    tab.navigate_to(&format!("{base}/artifacts/THR-001.html"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loads");
    assert!(follow_down(&tab, "RSK-").contains("RSK-001"));
    assert!(follow_down(&tab, "CTL-").contains("CTL-"));
    let test = follow_down(&tab, "TST-");
    assert!(test.contains("/artifacts/TST-"), "{test}");
    let heading = eval_string(
        &tab,
        "document.getElementById('artifact-title').textContent",
    );
    assert!(heading.starts_with("TST-"), "{heading}");

    let errors = errors.lock().map(|e| e.clone()).unwrap_or_default();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    drop(server);
}
