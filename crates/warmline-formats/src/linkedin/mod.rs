//! LinkedIn's data export: `Connections.csv` (people) and `messages.csv` (conversations),
//! read from the files themselves or from the export's folder or `.zip`.

mod connections;
mod export;
mod messages;

pub use connections::{Connections, connections};
pub use export::{LinkedInExport, open_export};
pub use messages::{Identity, MessagesRead, contact_keys, messages, messages_with};
