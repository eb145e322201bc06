//! The one accept loop of both servers, local and hosted.
//!
//! It is hyper's own rather than `axum::serve`, which has no header timeout and no bound on
//! connections: each connection takes a permit (refused at once when none is left), reads
//! its headers within [`HEADER_TIMEOUT`] (a TLS handshake gets as long), and every request
//! is then bounded by the guard's [`crate::security::REQUEST_TIMEOUT`], reading of the form
//! included. Each request carries its peer's address ([`Peer`]) for login throttling.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsAcceptor;

use crate::{HEADER_TIMEOUT, MAX_CONNECTIONS};

/// The address a request came from, as the socket saw it.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub SocketAddr);

/// Serves `app` on `listener` until `shutdown` completes, then lets requests under way
/// finish (bounded, so Ctrl-C always ends).
pub(crate) async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    tls: Option<TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of descriptors or a connection reset before it was taken: the
                // listener itself is fine, so wait a moment and go on.
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
                    // A silent client is cut off during the handshake as during headers.
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
}

/// One connection; its errors (a client gone, a timeout) end that connection only.
async fn connection<I>(io: I, peer: SocketAddr, app: axum::Router, watcher: Watcher)
where
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
