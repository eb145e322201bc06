//! `warmline server`: the hosted mode's commands and options.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The server's data folder: its account registry and one database per account
    #[arg(long, global = true, env = "WARMLINE_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    #[command(subcommand)]
    pub command: ServerCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Create a data folder for a hosted server (private to this user)
    #[command(
        after_help = "Without --postgres each account's network is an SQLite file in DIR/accounts/.\nWith it, every account lives in the one PostgreSQL database (row-level security keeps\nthem apart) and DIR/server.json remembers the database. The first init must connect as\nthe tables' owner, which creates the schema.\n\nExample:\n  warmline server init --data /srv/warmline\n  warmline server init --data /srv/warmline --postgres 'host=/run/postgresql dbname=warmline user=warmline'"
    )]
    Init {
        /// Keep the accounts in this PostgreSQL database (a URL or `key=value` string)
        #[arg(long, value_name = "URL")]
        postgres: Option<String>,
    },
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Load a JSON backup (`warmline export json`) into an account
    #[command(
        after_help = "The backup is merged into the account's network as `warmline import` would do\nlocally: into an empty account it is restored with its ids.\n\nExample:\n  warmline export json ~/warmline.json          (on the laptop)\n  warmline server import-account dana@example.com warmline.json --data /srv/warmline"
    )]
    ImportAccount {
        /// The account's e-mail address
        email: String,
        /// The JSON backup to load
        file: PathBuf,
    },
    /// Change a server setting
    #[command(
        after_help = "open-signup on|off: whether anyone reaching the server may create an account at /signup\n(off: accounts are by invitation, `server user add`).\nsmtp URL, smtp-from ADDRESS, public-url URL: how the daily digest is sent and where its\nlinks point (`server run --smtp` and the others win over these; an empty value forgets one).\n\nExample:\n  warmline server set open-signup on --data /srv/warmline\n  warmline server set smtp smtp+starttls://mail.example.org:587\n  warmline server set smtp-from warmline@example.org\n  warmline server set public-url https://warmline.example.org"
    )]
    Set {
        setting: ServerSetting,
        value: String,
    },
    /// The server's state: its accounts, the digest's settings and its recent failures
    #[command(after_help = "Example:\n  warmline server status --data /srv/warmline --json")]
    Status,
    /// Serve the web UI to the accounts of a data folder
    #[command(
        after_help = "Beyond loopback it listens only with TLS (--tls-cert and --tls-key). Behind a reverse\nproxy on this host that terminates HTTPS, keep the default 127.0.0.1 and add\n--behind-proxy (it trusts X-Forwarded-For, which only the proxy may set).\n\nExample:\n  warmline server run --data /srv/warmline --bind 0.0.0.0 --port 443 \\\n      --tls-cert /etc/warmline/cert.pem --tls-key /etc/warmline/key.pem\n  warmline server run --data /srv/warmline --behind-proxy     (Caddy on the same host)"
    )]
    Run(RunArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ServerSetting {
    OpenSignup,
    Smtp,
    SmtpFrom,
    PublicUrl,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Invite someone: make the account and print a one-time link to set a password
    #[command(
        after_help = "The link works once, for 72 hours. Send it to the person yourself.\n\nExample:\n  warmline server user add dana@example.com --data /srv/warmline\n  warmline server user add admin@example.org --admin --url https://warmline.example.org"
    )]
    Add {
        email: String,
        /// The account may administer the server
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        url: UrlArg,
    },
    /// List the accounts
    #[command(after_help = "Example:\n  warmline server user list --data /srv/warmline --json")]
    List,
    /// Stop an account from logging in (its sessions end; its data stays)
    #[command(after_help = "Example:\n  warmline server user disable dana@example.com")]
    Disable { email: String },
    /// Let a disabled account log in again
    #[command(after_help = "Example:\n  warmline server user enable dana@example.com")]
    Enable { email: String },
    /// Forget the password, end every session, and print a one-time link to set a new one
    #[command(after_help = "Example:\n  warmline server user reset-password dana@example.com")]
    ResetPassword {
        email: String,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Make a password for one of an account's devices (CardDAV and CalDAV at /dav/) and
    /// print it, once
    #[command(
        name = "app-password",
        after_help = "The device signs in at https://SERVER/dav/ with the account's e-mail address and this\npassword. People can also make and revoke their own in Settings.\n\nExample:\n  warmline server user app-password dana@example.com phone --data /srv/warmline"
    )]
    AppPassword {
        email: String,
        /// The device's name, to recognise and revoke it later
        name: String,
    },
    /// Delete an account: its whole database and every record of it in the registry
    #[command(after_help = "Example:\n  warmline server user delete dana@example.com --yes")]
    Delete {
        email: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct UrlArg {
    /// The address people reach the server at, for the link
    #[arg(
        long,
        env = "WARMLINE_URL",
        default_value = "http://127.0.0.1:7878",
        value_name = "URL"
    )]
    pub url: String,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// The TLS certificate chain (PEM)
    #[arg(long, requires = "tls_key", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The TLS private key (PEM)
    #[arg(long, requires = "tls_cert", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// A reverse proxy on this host terminates HTTPS: cookies are marked Secure and the
    /// client's address is read from X-Forwarded-For, which is why the server then
    /// listens on loopback only (--bind stays 127.0.0.1 or ::1)
    #[arg(long)]
    pub behind_proxy: bool,
    /// How many accounts' databases stay open at once (the least recently used closes)
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub open_accounts: usize,
    /// Send each account's daily digest through this SMTP server (smtp://HOST:PORT,
    /// smtp+starttls://HOST:PORT, smtps://HOST:PORT); without it, `server set smtp`'s
    #[arg(long, env = "WARMLINE_SMTP", value_name = "URL")]
    pub smtp: Option<String>,
    /// The digest's sender address
    #[arg(long, value_name = "ADDRESS")]
    pub smtp_from: Option<String>,
    /// The address people reach the server at, for the digest's links
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}
