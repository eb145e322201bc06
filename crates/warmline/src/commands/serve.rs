//! `serve`: the web UI on this computer. `demo` serves its sample network the same way.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use warmline_web::{App, Today};

use crate::cli::ServeArgs;
use crate::context::data_file;

pub fn serve(db: Option<&Path>, args: &ServeArgs) -> Result<()> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => data_file("warmline.db")?,
    };
    warmline_web::check_bind(args.bind, args.allow_remote)?;
    run(&path, SocketAddr::new(args.bind, args.port), false)
}

/// Serves the demo's network on loopback; if the port is taken (say by `warmline serve`),
/// any free port will do.
pub fn serve_demo(path: &Path, port: u16) -> Result<()> {
    run(
        path,
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
        true,
    )
}

/// What day the server thinks it is: pinned by `WARMLINE_TODAY`, else the local date
/// on each request, so a server left running overnight moves on.
pub fn today() -> Result<Today> {
    Ok(match std::env::var("WARMLINE_TODAY") {
        Ok(s) if !s.trim().is_empty() => Today::Fixed(crate::context::today()?),
        _ => Today::Local,
    })
}

fn run(path: &Path, addr: SocketAddr, any_port: bool) -> Result<()> {
    let today = today()?;
    let app = App::open(path.to_path_buf(), today)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) if any_port && e.kind() == std::io::ErrorKind::AddrInUse => {
                tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0)).await?
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                bail!("{addr} is already in use: is warmline serving already? Choose another with --port")
            }
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
        };
        let local = listener.local_addr()?;
        let shown = if local.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port())
        } else {
            local
        };
        if !local.ip().is_loopback() {
            eprintln!(
                "warning: serving on {local}, where other computers can reach it; there is no login yet"
            );
        }
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "warmline is serving {} at http://{shown}/ (Ctrl-C stops it)",
            path.display()
        )?;
        stdout.flush()?;
        drop(stdout);
        let shutdown = async {
            // If the signal cannot be watched the server runs until killed, as any would.
            let _ = tokio::signal::ctrl_c().await;
        };
        warmline_web::serve(listener, app, shutdown)
            .await
            .context("the server stopped")
    })
}
