//! A small W3C WebDriver client over plain HTTP/1.1, for driving headless
//! Chromium through `chromedriver` in the review page's tests and benchmark.
//! Only what those need: sessions, navigation, scripts, elements, keys,
//! the browser console and screenshots.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver with one headless Chromium session.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

/// Where chromedriver is, if this machine has it (`JIAODUI_CHROMEDRIVER`
/// overrides the search on `PATH`).
pub fn chromedriver() -> Option<std::path::PathBuf> {
    if let Ok(p) = std::env::var("JIAODUI_CHROMEDRIVER") {
        return Some(p.into());
    }
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("chromedriver")).find(|p| p.is_file()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `stream.read`, tried again when a signal interrupts it (`EINTR`): a CI
/// run once failed with "Interrupted system call" while a page loaded.
fn read_some(stream: &mut TcpStream, buf: &mut [u8]) -> Result<usize, String> {
    loop {
        match stream.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other.map_err(|e| e.to_string()),
        }
    }
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other.map_err(|e| e.to_string())?,
        }
    };
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open: read the header, then as
    // many bytes as it announces (or chunks, or to the end).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = read_some(&mut stream, &mut buf)?;
        if n == 0 {
            return Err("connection closed before the header".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut payload = raw[split + 4..].to_vec();
    let length = head.lines().find_map(|l| l.strip_prefix("content-length:").and_then(|v| v.trim().parse::<usize>().ok()));
    let chunked = head.contains("transfer-encoding: chunked") || head.contains("transfer-encoding:chunked");
    let done = |p: &[u8]| match length {
        Some(n) => p.len() >= n,
        None if chunked => p.windows(5).any(|w| w == b"0\r\n\r\n"),
        None => false,
    };
    while !done(&payload) {
        let n = read_some(&mut stream, &mut buf)?;
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&buf[..n]);
    }
    if chunked {
        let mut out = Vec::new();
        let mut rest = &payload[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).map_err(|e| e.to_string())?.trim(), 16).map_err(|e| e.to_string())?;
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 2 + size + 2..];
        }
        payload = out;
    }
    let v: Value = serde_json::from_slice(&payload).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&payload)))?;
    if let Some(err) = v["value"].get("error") {
        return Err(format!("{method} {path}: {err}: {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}

impl Browser {
    /// Start chromedriver and a headless Chromium of `width`×`height`,
    /// downloading into `downloads`.
    pub fn start(width: u32, height: u32, downloads: &Path) -> Browser {
        let driver_path = chromedriver().expect("chromedriver on PATH (Debian: chromium-driver)");
        let port = free_port();
        let driver = Command::new(driver_path).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start chromedriver");
        let started = Instant::now();
        while http(port, "GET", "/status", None).map(|v| v["ready"] != json!(true)).unwrap_or(true) {
            assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args = vec!["--headless=new".to_string(), "--no-sandbox".into(), "--disable-gpu".into(), "--disable-dev-shm-usage".into(), format!("--window-size={width},{height}")];
        if let Ok(bin) = std::env::var("JIAODUI_CHROMIUM") {
            args.push(format!("--binary={bin}"));
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": {
                        "args": args,
                        "prefs": { "download.default_directory": downloads.display().to_string(), "download.prompt_for_download": false }
                    }
                }
            }
        });
        let mut browser = Browser { driver, port, session: String::new() };
        let v = http(port, "POST", "/session", Some(&caps)).unwrap_or_else(|e| panic!("cannot start a browser session: {e}"));
        browser.session = v["sessionId"].as_str().expect("session id").to_string();
        // The viewport itself is width×height (the window's size would
        // include what the browser draws around the page).
        let _ = browser.cmd("POST", "/chromium/send_command", json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false } }));
        // Headless downloads go where the test looks.
        let _ = browser.cmd("POST", "/chromium/send_command", json!({ "cmd": "Page.setDownloadBehavior", "params": { "behavior": "allow", "downloadPath": downloads.display().to_string() } }));
        browser
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let body = (method == "POST").then_some(body);
        http(self.port, method, &format!("/session/{}{path}", self.session), body.as_ref())
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url })).unwrap();
    }

    /// Run a script in the page (`return …` gives its value).
    pub fn js(&self, script: &str) -> Value {
        self.cmd("POST", "/execute/sync", json!({ "script": script, "args": [] })).unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub fn find(&self, css: &str) -> String {
        let v = self.cmd("POST", "/element", json!({ "using": "css selector", "value": css })).unwrap_or_else(|e| panic!("no element {css}: {e}"));
        v[ELEMENT].as_str().unwrap().to_string()
    }

    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/click"), json!({})).unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    pub fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.cmd("GET", &format!("/element/{id}/text"), json!({})).unwrap().as_str().unwrap_or_default().to_string()
    }

    /// Type into an element (a text field).
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/value"), json!({ "text": text })).unwrap();
    }

    /// Press keys on the page as a person would (each a key down and up).
    pub fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys.chars().flat_map(|k| [json!({ "type": "keyDown", "value": k.to_string() }), json!({ "type": "keyUp", "value": k.to_string() })]).collect();
        self.cmd("POST", "/actions", json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })).unwrap();
    }

    /// The browser console's entries since the last call: (level, message).
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self.cmd("POST", "/se/log", json!({ "type": "browser" })).unwrap_or_else(|e| panic!("cannot read the browser console: {e}"));
        v.as_array().into_iter().flatten().map(|e| (e["level"].as_str().unwrap_or("").to_string(), e["message"].as_str().unwrap_or("").to_string())).collect()
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let v = self.cmd("GET", "/screenshot", json!({})).unwrap();
        base64_decode(v.as_str().unwrap())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => 0,
    };
    let bytes: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let pad = chunk.iter().filter(|&&b| b == b'=').count();
        let n = chunk.iter().fold(0u32, |acc, &b| (acc << 6) | u32::from(value(b)));
        let n = n << (6 * (4 - chunk.len()));
        let three = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&three[..3 - pad.min(2)]);
    }
    out
}
