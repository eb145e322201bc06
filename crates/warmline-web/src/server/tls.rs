//! TLS for `server run --tls-cert F --tls-key F`: rustls (through tokio-rustls) with its
//! safe defaults (TLS 1.2 and 1.3, forward-secret suites only). The provider is
//! aws-lc-rs, rustls's default, named here so that no process-wide default is needed.

use std::path::Path;
use std::sync::Arc;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Why the certificate or key cannot be used; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(String);

/// An acceptor for the PEM certificate chain and private key in these files.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    let read = |p: &Path, what: &str| {
        if p.is_dir() {
            return Err(TlsError(format!(
                "{}: is a folder; give the {what} file",
                p.display()
            )));
        }
        std::fs::read(p).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => {
                    "permission denied (the server's user must be able to read it)".to_string()
                }
                _ => e.to_string(),
            };
            TlsError(format!("cannot read the {what} {}: {why}", p.display()))
        })
    };
    let cert_pem = read(cert, "TLS certificate")?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    if chain.is_empty() {
        return Err(TlsError(format!(
            "{}: holds no certificate; give a PEM file with -----BEGIN CERTIFICATE----- (the chain, the server's own first)",
            cert.display()
        )));
    }
    let key_der = PrivateKeyDer::from_pem_slice(&read(key, "TLS private key")?).map_err(|_| {
        TlsError(format!(
            "{}: holds no private key; give a PEM file with -----BEGIN PRIVATE KEY----- (or an RSA or EC key), unencrypted",
            key.display()
        ))
    })?;
    let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError(format!("TLS setup failed: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| {
            TlsError(format!(
                "{} and {} do not make a usable pair: is the key the certificate's? ({e})",
                cert.display(),
                key.display()
            ))
        })?;
    let mut config = config;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(cert: &Path, key: &Path) -> String {
        match acceptor(cert, key) {
            Ok(_) => "accepted".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn unusable_files_are_named_in_plain_words() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        let missing = message(&cert, &key);
        assert_eq!(
            missing,
            format!(
                "cannot read the TLS certificate {}: no such file",
                cert.display()
            )
        );
        std::fs::write(&cert, "not a certificate\n").unwrap();
        let garbage = message(&cert, &key);
        assert!(
            garbage.starts_with(&format!("{}: holds no certificate", cert.display())),
            "{garbage}"
        );
        let pair = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        std::fs::write(&cert, pair.cert.pem()).unwrap();
        assert_eq!(
            message(&cert, &key),
            format!(
                "cannot read the TLS private key {}: no such file",
                key.display()
            )
        );
        std::fs::write(&key, pair.cert.pem()).unwrap();
        let no_key = message(&cert, &key);
        assert!(
            no_key.starts_with(&format!("{}: holds no private key", key.display())),
            "{no_key}"
        );
        let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        std::fs::write(&key, other.signing_key.serialize_pem()).unwrap();
        let mismatch = message(&cert, &key);
        assert!(
            mismatch.contains("do not make a usable pair: is the key the certificate's?"),
            "{mismatch}"
        );
        std::fs::write(&key, pair.signing_key.serialize_pem()).unwrap();
        assert_eq!(message(&cert, &key), "accepted");
        assert!(message(dir.path(), &key).contains("is a folder"));
    }
}
