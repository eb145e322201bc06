//! `warmline server ...`: the hosted mode's data folder, its accounts, and running it.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::json;
use warmline_digest::{Retry, Smtp};
use warmline_store::ImportOptions;
use warmline_store::accounts::{Account, Registry, server_settings};
use warmline_web::server::digest::{Mailing, Now};
use warmline_web::server::{Clock, Hosted, HostedConfig, links::LINK_LIFETIME, registry_path};

use crate::cli::{RunArgs, ServerArgs, ServerCommand, ServerSetting, UserCommand};
use crate::commands::confirm;

/// Prints `text`, or `value` as JSON.
fn say(json: bool, text: &str, value: &serde_json::Value) -> Result<()> {
    if json {
        crate::render::out(&format!("{}\n", serde_json::to_string_pretty(value)?))
    } else {
        crate::render::out(&format!("{text}\n"))
    }
}

fn now() -> i64 {
    Clock::System.now()
}

pub fn run(args: &ServerArgs, json: bool) -> Result<()> {
    let Some(data) = &args.data else {
        bail!("say where the server keeps its data: --data DIR (or WARMLINE_DATA)");
    };
    match &args.command {
        ServerCommand::Init { postgres } => init(data, postgres.as_deref(), json),
        ServerCommand::User(cmd) => user(&open(data)?, cmd, json),
        ServerCommand::ImportAccount { email, file } => {
            import_account(&open(data)?, email, file, json)
        }
        ServerCommand::Set { setting, value } => set(&open(data)?, *setting, value, json),
        ServerCommand::Status => status(&open(data)?, json),
        ServerCommand::Run(run) => serve(data, run),
    }
}

fn set(registry: &Registry, setting: ServerSetting, value: &str, json: bool) -> Result<()> {
    let value = value.trim();
    let (key, name) = match setting {
        ServerSetting::OpenSignup => {
            let on = match value.to_ascii_lowercase().as_str() {
                "on" => true,
                "off" => false,
                _ => bail!("open-signup is on or off, not '{value}'"),
            };
            registry.set_open_signup(on)?;
            let word = if on { "on" } else { "off" };
            return say(
                json,
                &format!("open signup is {word}"),
                &json!({"open_signup": on}),
            );
        }
        ServerSetting::Smtp => {
            if !value.is_empty() {
                Smtp::parse(value)?;
            }
            (server_settings::SMTP, "smtp")
        }
        ServerSetting::SmtpFrom => {
            if !value.is_empty() {
                warmline_digest::check_address("the sender", value)?;
            }
            (server_settings::SMTP_FROM, "smtp_from")
        }
        ServerSetting::PublicUrl => {
            if !value.is_empty() {
                public_url(value)?;
            }
            (server_settings::PUBLIC_URL, "public_url")
        }
    };
    registry.set_server_setting(key, value)?;
    let shown = if key == server_settings::SMTP && !value.is_empty() {
        Smtp::parse(value)?.shown().to_string()
    } else {
        value.to_string()
    };
    let text = if value.is_empty() {
        format!("{} is forgotten", name.replace('_', "-"))
    } else {
        format!("{} is {shown}", name.replace('_', "-"))
    };
    say(
        json,
        &text,
        &json!({ name: if value.is_empty() { None } else { Some(shown.clone()) } }),
    )
}

/// A server's public address: http or https, without a path's trailing slash.
fn public_url(value: &str) -> Result<String> {
    let v = value.trim().trim_end_matches('/');
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| anyhow!("'{value}' is not a web address: use https://HOST (or http://)"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        bail!("'{value}' is not a web address: use https://HOST (or http://)");
    }
    Ok(v.to_string())
}

/// How far back `server status` lists digest failures.
const STATUS_DAYS: i64 = 7;

fn status(registry: &Registry, json: bool) -> Result<()> {
    let accounts = registry.accounts()?;
    let smtp = registry
        .server_setting(server_settings::SMTP)?
        .map(|s| Smtp::parse(&s).map_or(s, |p| p.shown().to_string()));
    let from = registry.server_setting(server_settings::SMTP_FROM)?;
    let url = registry.server_setting(server_settings::PUBLIC_URL)?;
    let wanting = registry.digest_accounts()?.len();
    let failures = registry.digest_failures(now() - STATUS_DAYS * 86_400)?;
    let backend = match registry.backend() {
        warmline_store::accounts::Backend::Sqlite { .. } => "sqlite",
        warmline_store::accounts::Backend::Postgres { .. } => "postgres",
    };
    if json {
        let list: Vec<_> = failures
            .iter()
            .map(|f| {
                json!({
                    "account": f.account.0,
                    "email": f.email,
                    "at": f.at,
                    "attempt": f.attempt,
                    "error": f.error,
                })
            })
            .collect();
        return say(
            true,
            "",
            &json!({
                "backend": backend,
                "accounts": accounts.len(),
                "digest": {
                    "smtp": smtp,
                    "smtp_from": from,
                    "public_url": url,
                    "accounts": wanting,
                    "failures": list,
                },
            }),
        );
    }
    let mut s = format!(
        "backend: {backend}
accounts: {}
",
        accounts.len()
    );
    s.push_str(&format!(
        "digest: {} account{} want it; smtp {}, from {}, links to {}
",
        wanting,
        if wanting == 1 { "" } else { "s" },
        smtp.as_deref().unwrap_or("(not set)"),
        from.as_deref().unwrap_or("(not set)"),
        url.as_deref().unwrap_or("(not set)"),
    ));
    if failures.is_empty() {
        s.push_str(&format!(
            "no digest failed in the last {STATUS_DAYS} days
"
        ));
    } else {
        s.push_str(&format!(
            "digest failures in the last {STATUS_DAYS} days:
"
        ));
        for f in &failures {
            s.push_str(&format!(
                "  {}  {} (id {})  attempt {}: {}\n",
                warmline_core::date::utc_minute(f.at),
                f.email,
                f.account.0,
                f.attempt,
                f.error.as_deref().unwrap_or("")
            ));
        }
    }
    crate::render::out(&s)
}

fn open(data: &Path) -> Result<Registry> {
    Ok(Registry::open_existing(&registry_path(data))?)
}

fn init(data: &Path, postgres: Option<&str>, json: bool) -> Result<()> {
    let path = registry_path(data);
    if path.exists() || data.join(warmline_store::accounts::CONFIG_FILE).exists() {
        bail!("{} already holds a server", data.display());
    }
    if data.exists() && !data.is_dir() {
        bail!("{}: not a folder", data.display());
    }
    warmline_store::private::create_dir(data)
        .with_context(|| format!("cannot create {}", data.display()))?;
    // The folder holds everyone's network: this user's only, even if it existed.
    warmline_store::private::restrict(data, warmline_store::private::DIR_MODE)
        .with_context(|| format!("cannot make {} private", data.display()))?;
    let accounts = data.join("accounts");
    warmline_store::private::create_dir(&accounts)
        .with_context(|| format!("cannot create {}", accounts.display()))?;
    let Some(url) = postgres else {
        Registry::open(&path)?;
        return say(
            json,
            &format!(
                "made a server in {}\nnext: warmline server user add EMAIL --admin --data {}",
                data.display(),
                data.display()
            ),
            &json!({"data": data, "registry": path, "backend": "sqlite"}),
        );
    };
    Registry::init_postgres(data, url)
        .map_err(|e| anyhow!("cannot use the PostgreSQL database: {e}"))?;
    let config = data.join(warmline_store::accounts::CONFIG_FILE);
    say(
        json,
        &format!(
            "made a server in {} on PostgreSQL ({} names the database)\nnext: warmline server user add EMAIL --admin --data {}",
            data.display(),
            config.display(),
            data.display()
        ),
        &json!({"data": data, "config": config, "backend": "postgres"}),
    )
}

/// A fresh one-time link for `account`, as a full address.
fn link(registry: &Registry, account: &Account, base: &str) -> Result<String> {
    let t = warmline_accounts::token::new()?;
    registry.add_link(account.id, &t.hash, now() + LINK_LIFETIME)?;
    Ok(format!(
        "{}/set-password/{}",
        base.trim_end_matches('/'),
        t.secret
    ))
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({
        "id": a.id.0,
        "email": a.email,
        "admin": a.admin,
        "disabled": a.disabled,
        "has_password": a.has_password,
        "totp": a.totp,
        "created_at": a.created_at,
    })
}

fn user(registry: &Registry, cmd: &UserCommand, json: bool) -> Result<()> {
    match cmd {
        UserCommand::Add { email, admin, url } => {
            let account = registry.add_account(email, *admin, now())?;
            let link = link(registry, &account, &url.url)?;
            let role = if *admin { "admin account" } else { "account" };
            say(
                json,
                &format!(
                    "added {role} {} (id {})\nsend this one-time link to set a password (valid 72 hours):\n{link}",
                    account.email, account.id
                ),
                &json!({"account": account_json(&account), "link": link}),
            )
        }
        UserCommand::List => {
            let accounts = registry.accounts()?;
            if json {
                let list: Vec<_> = accounts.iter().map(account_json).collect();
                return say(true, "", &json!({"accounts": list}));
            }
            if accounts.is_empty() {
                return crate::render::out("no accounts yet: warmline server user add EMAIL\n");
            }
            let mut out = String::new();
            for a in &accounts {
                let notes = a.notes();
                out.push_str(&format!("{:>4}  {}", a.id.0, a.email));
                if !notes.is_empty() {
                    out.push_str(&format!("  ({})", notes.join(", ")));
                }
                out.push('\n');
            }
            crate::render::out(&out)
        }
        UserCommand::Disable { email } => {
            let a = registry.require(email)?;
            registry.set_disabled(a.id, true)?;
            say(
                json,
                &format!("disabled {}: its sessions have ended", a.email),
                &json!({"email": a.email, "disabled": true}),
            )
        }
        UserCommand::Enable { email } => {
            let a = registry.require(email)?;
            registry.set_disabled(a.id, false)?;
            say(
                json,
                &format!("enabled {}", a.email),
                &json!({"email": a.email, "disabled": false}),
            )
        }
        UserCommand::ResetPassword { email, url } => {
            let a = registry.require(email)?;
            registry.clear_password(a.id)?;
            let link = link(registry, &a, &url.url)?;
            say(
                json,
                &format!(
                    "the password of {} is forgotten and its sessions have ended\nsend this one-time link to set a new one (valid 72 hours):\n{link}",
                    a.email
                ),
                &json!({"email": a.email, "link": link}),
            )
        }
        UserCommand::AppPassword { email, name } => {
            let a = registry.require(email)?;
            let store = registry.open_store(a.id)?;
            let secret = crate::commands::app_password::make(&store, name)?;
            let name = warmline_store::app_password_name(name)?;
            say(
                json,
                &format!(
                    "device password \"{name}\" for {} (shown once; it is stored hashed):\n{secret}\nsign in at /dav/ with {} and this password",
                    a.email, a.email
                ),
                &json!({"email": a.email, "name": name, "password": secret}),
            )
        }
        UserCommand::Delete { email, yes } => {
            let a = registry.require(email)?;
            let question = format!(
                "Delete the account {} and its whole network, for good?",
                a.email
            );
            if !confirm(&question, *yes)? {
                return crate::render::out("Nothing deleted.\n");
            }
            // The network first: should that fail, the account is still there to retry.
            registry.remove_database_of(a.id)?;
            registry.delete_account(a.id)?;
            say(
                json,
                &format!("deleted {} and its database", a.email),
                &json!({"email": a.email, "deleted": true}),
            )
        }
    }
}

fn import_account(registry: &Registry, email: &str, file: &Path, json: bool) -> Result<()> {
    let account = registry.require(email)?;
    if file.is_dir() {
        bail!("{}: is a directory; give the JSON backup", file.display());
    }
    let reader = std::fs::File::open(file)
        .map_err(|e| anyhow!("{}: {}", file.display(), crate::commands::io_reason(&e)))?;
    let doc = warmline_formats::backup::read(std::io::BufReader::new(reader))
        .map_err(|e| anyhow!("{}:{}: {}", file.display(), e.line, e.message))?;
    let store = registry.open_store(account.id)?;
    let today = crate::context::today()?;
    let options = ImportOptions {
        source: "json".into(),
        overwrite: false,
        dry_run: false,
        today,
    };
    let report = store.import(&options, |imp| -> Result<(), warmline_store::StoreError> {
        imp.backup(&doc)
    })?;
    let people = store.count_people()?;
    say(
        json,
        &format!(
            "imported {} into {}: {} people added, {} already there; the account holds {people} people",
            file.display(),
            account.email,
            report.people.added,
            report.people.unchanged + report.people.updated
        ),
        &json!({
            "email": account.email,
            "file": file,
            "people_added": report.people.added,
            "people": people,
            "rows_added": report.rows.added,
        }),
    )
}

fn serve(data: &Path, args: &RunArgs) -> Result<()> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(warmline_web::server::tls::acceptor(cert, key)?),
        _ => None,
    };
    if args.behind_proxy && !args.bind.is_loopback() {
        bail!(
            "--behind-proxy trusts the client address in X-Forwarded-For, which anyone reaching {} could forge: bind to 127.0.0.1 (or ::1) and let the proxy on this host connect there",
            args.bind
        );
    }
    if !args.bind.is_loopback() && tls.is_none() {
        bail!(
            "{} is not a loopback address: without TLS, passwords and sessions would cross the network in the clear. Give --tls-cert and --tls-key, or keep 127.0.0.1 with --behind-proxy when a reverse proxy on this host terminates HTTPS",
            args.bind
        );
    }
    let config = HostedConfig {
        data: data.to_path_buf(),
        today: crate::commands::serve::today()?,
        secure: tls.is_some() || args.behind_proxy,
        behind_proxy: args.behind_proxy,
        open_accounts: args.open_accounts,
    };
    let mailing = mailing(&open(data)?, args)?;
    let digest_now = digest_now()?;
    let hosted = Hosted::open(config, Clock::System)?;
    init_logs();
    let addr = SocketAddr::new(args.bind, args.port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "warmline server is serving {} at {scheme}://{local}/ (Ctrl-C stops it)",
            data.display()
        )?;
        stdout.flush()?;
        drop(stdout);
        // Behind a proxy or on a public address the Host is whatever name points here;
        // on loopback only the loopback names, as locally.
        let hosts = if local.ip().is_loopback() && !args.behind_proxy {
            warmline_web::host_policy(local)
        } else {
            warmline_web::HostPolicy::default()
        };
        tracing::info!(%local, tls = tls.is_some(), "listening");
        match mailing {
            Some(m) => {
                let m = Mailing {
                    public_url: m
                        .public_url
                        .unwrap_or_else(|| format!("{scheme}://{local}")),
                    smtp: m.smtp,
                    from: m.from,
                    retry: Retry::default(),
                };
                tracing::info!(smtp = m.smtp.shown(), "daily digests on");
                tokio::spawn(warmline_web::server::digest::schedule(
                    hosted.clone(),
                    m,
                    digest_now,
                ));
            }
            None => tracing::info!("daily digests off: no --smtp (or server set smtp)"),
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        warmline_web::server::run::serve(listener, hosted, hosts, tls, shutdown)
            .await
            .context("the server stopped")
    })
}

/// The digest's settings before the listener's address is known.
struct MailingArgs {
    smtp: Smtp,
    from: String,
    public_url: Option<String>,
}

/// The digest's SMTP server, sender and link address: the options, else the stored
/// settings. None when no SMTP server is set (no digests go).
fn mailing(registry: &Registry, args: &RunArgs) -> Result<Option<MailingArgs>> {
    let stored = |key| registry.server_setting(key);
    let Some(smtp) = args.smtp.clone().or(stored(server_settings::SMTP)?) else {
        return Ok(None);
    };
    let smtp = Smtp::parse(&smtp)?;
    let Some(from) = args
        .smtp_from
        .clone()
        .or(stored(server_settings::SMTP_FROM)?)
    else {
        bail!(
            "the digest needs a sender: give --smtp-from ADDRESS (or warmline server set smtp-from ADDRESS)"
        );
    };
    warmline_digest::check_address("the sender", &from)?;
    let public_url = match args
        .public_url
        .clone()
        .or(stored(server_settings::PUBLIC_URL)?)
    {
        Some(u) => Some(public_url(&u)?),
        None => None,
    };
    Ok(Some(MailingArgs {
        smtp,
        from,
        public_url,
    }))
}

/// The wall clock the digest scheduler reads: `WARMLINE_NOW` ("YYYY-MM-DD HH:MM", for
/// tests and demos) or the local time.
fn digest_now() -> Result<Now> {
    match std::env::var("WARMLINE_NOW") {
        Ok(s) if !s.trim().is_empty() => {
            chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M")
                .map(Now::Fixed)
                .map_err(|_| anyhow!("WARMLINE_NOW='{s}' is not a time: use YYYY-MM-DD HH:MM"))
        }
        _ => Ok(Now::Local),
    }
}

/// Logs on stderr, one line per event: `RUST_LOG` chooses the level (info by default).
/// At info no personal data is logged: accounts by number, routes by pattern.
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
