//! Headless Chromium through chromedriver, for pages that run in an ordinary browser rather
//! than in the app (the advocate pack's page). Headless needs no display; the profile is a
//! fresh directory per session, and background networking is off.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use crate::display::terminate;
use crate::{Result, fail, paths};

/// Saves a screenshot of the page as target/e2e-screens/NAME.png.
pub async fn shot(c: &Client, name: &str) -> Result<()> {
    let png = c.screenshot().await?;
    let dir = paths::screens_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    println!("  screen {name}: {}", path.display());
    Ok(())
}

/// A chromedriver and one WebDriver session of headless Chromium. Call [`Chromium::close`];
/// dropping it stops chromedriver (and with it the browser) regardless.
pub struct Chromium {
    child: Child,
    client: Option<Client>,
}

impl Chromium {
    /// Starts chromedriver on a free port and a headless Chromium session with its profile
    /// in `profile` (a new, empty directory).
    pub async fn start(profile: &Path, log: &Path) -> Result<Chromium> {
        let driver = paths::find_tool(
            "chromedriver",
            "CASEBOOK_CHROMEDRIVER",
            &[std::path::PathBuf::from("/usr/lib/chromium")],
            "Install it: apt-get install chromium-driver",
        )?;
        let port = TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(log)?)
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| fail!("cannot start {}: {e}", driver.display()))?;
        let mut me = Chromium { child, client: None };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), Duration::from_millis(200)).is_err()
        {
            if Instant::now() > deadline {
                return Err(fail!("chromedriver did not open port {port} in 30 s"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1000,1400",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": { "download.default_directory": profile.join("downloads").display().to_string(),
                           "download.prompt_for_download": false },
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| fail!("cannot start a Chromium session: {e}"))?;
        me.client = Some(client);
        Ok(me)
    }

    /// The WebDriver session.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open until close()")
    }

    /// Ends the session (closing the browser).
    pub async fn close(mut self) -> Result<()> {
        if let Some(c) = self.client.take() {
            c.close().await?;
        }
        Ok(())
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(5));
    }
}
