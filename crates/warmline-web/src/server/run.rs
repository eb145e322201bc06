//! The hosted server: the shared accept loop (`crate::listen`), with TLS when configured,
//! and the upkeep of sessions and uploads beside it.

use std::time::Duration;

use tokio_rustls::TlsAcceptor;

use super::{Hosted, router};
use crate::security::HostPolicy;

/// How often idle sessions are removed from the registry and old uploads swept.
const UPKEEP_EVERY: Duration = Duration::from_secs(60);

/// Serves the hosted router on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    hosted: Hosted,
    hosts: HostPolicy,
    tls: Option<TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let upkeep = {
        let hosted = hosted.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(UPKEEP_EVERY);
            loop {
                tick.tick().await;
                hosted.open_accounts().sweep_uploads();
                let now = hosted.now();
                let _ = hosted
                    .registry(move |r| {
                        Ok(r.prune_sessions(
                            now - super::session::IDLE,
                            now - super::session::ABSOLUTE,
                        )?)
                    })
                    .await;
            }
        })
    };
    crate::listen::accept_loop(listener, router(hosted, hosts), tls, shutdown).await;
    upkeep.abort();
    Ok(())
}
