//! Slow and idle clients cannot starve the server: a real server on loopback, a few hundred
//! connections that say nothing or trickle their headers, and a browser's page still
//! answered. Bounded: under half a minute, and every socket is closed at the end.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use warmline_web::{App, HEADER_TIMEOUT, Today};

use crate::support::today;

async fn page(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether the server has closed `s`: a read returns end of file (or an error) at once.
async fn closed(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    matches!(
        tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await,
        Ok(Ok(0)) | Ok(Err(_))
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_trickling_connections_neither_block_a_page_nor_stay() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("w.db"), Today::Fixed(today())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(warmline_web::serve(listener, app, async {
        let _ = stopped.await;
    }));

    // Three hundred connections that never send a byte, and a hundred that send their
    // headers one byte a second, never finishing.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    let mut trickling = Vec::new();
    for _ in 0..100 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        trickling.push(s);
    }
    let started = Instant::now();
    let trickle = tokio::spawn(async move {
        let end = Instant::now() + HEADER_TIMEOUT + Duration::from_secs(3);
        while Instant::now() < end {
            for s in &mut trickling {
                let _ = s.write_all(b"a").await;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        trickling
    });

    // Meanwhile a browser's page is answered, whole.
    let answer = page(addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("</html>"));
    assert!(
        started.elapsed() < HEADER_TIMEOUT,
        "the page did not wait for the slow clients: {:?}",
        started.elapsed()
    );

    // After the header timeout, the server has let go of every one of them.
    let mut trickling = trickle.await.unwrap();
    let mut open = 0;
    for s in idle.iter_mut().chain(trickling.iter_mut()) {
        if !closed(s).await {
            open += 1;
        }
    }
    assert_eq!(open, 0, "connections still held after {HEADER_TIMEOUT:?}");

    // A kept-alive connection that goes quiet after its request is let go as well.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    kept.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let n = kept.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    tokio::time::sleep(HEADER_TIMEOUT + Duration::from_secs(1)).await;
    let mut rest = Vec::new();
    let drained = tokio::time::timeout(Duration::from_secs(2), kept.read_to_end(&mut rest)).await;
    assert!(drained.is_ok(), "an idle kept-alive connection is closed");

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(15), server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}
