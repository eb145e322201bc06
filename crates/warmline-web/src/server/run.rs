//! The hosted server's accept loop: the local server's (a header timeout, a bound on
//! connections, graceful shutdown), with TLS when configured and the peer's address
//! handed to every request for login throttling.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsAcceptor;

use super::session::Peer;
use super::{Hosted, router};
use crate::security::HostPolicy;
use crate::{HEADER_TIMEOUT, MAX_CONNECTIONS};

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
    let app = router(hosted, hosts);
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            match tls {
                Some(acceptor) => {
                    // A handshake gets as long as headers do; a silent client is cut off.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(HEADER_TIMEOUT, acceptor.accept(stream)).await
                    {
                        connection(stream, peer, app, watcher).await;
                    }
                }
                None => connection(stream, peer, app, watcher).await,
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await;
    upkeep.abort();
    Ok(())
}

async fn connection<I>(
    io: I,
    peer: SocketAddr,
    app: axum::Router,
    watcher: hyper_util::server::graceful::Watcher,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    let service = tower::ServiceExt::map_request(app, move |mut req: Request<_>| {
        req.extensions_mut().insert(Peer(peer));
        req
    });
    let conn = http.serve_connection(TokioIo::new(io), TowerToHyperService::new(service));
    let _ = watcher.watch(conn).await;
}
