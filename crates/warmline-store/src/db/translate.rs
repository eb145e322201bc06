//! The SQLite dialect the store's statements are written in, turned into PostgreSQL's.
//! Mechanical rewrites only, word by word outside quotes; what cannot be rewritten so
//! (FTS5, PRAGMAs, schema discovery, `UPDATE OR IGNORE`) has its own branch where it
//! is used. SQLite's date functions exist in the PostgreSQL schema under their names.

/// `BEGIN IMMEDIATE`, `COMMIT`, `SAVEPOINT`...: run as they are, outside the cache.
/// `BEGIN IMMEDIATE` takes the account's write lock, as SQLite's takes the file's, so
/// writers of one account queue up instead of failing on each other's new ids.
pub(crate) fn transaction_command(sql: &str) -> Option<String> {
    let t = sql.trim();
    let upper = t.to_ascii_uppercase();
    let mut words = upper.split_whitespace();
    match words.next()? {
        "BEGIN" if words.next() == Some("IMMEDIATE") => Some(
            "BEGIN; SELECT pg_advisory_xact_lock(current_setting('warmline.account')::bigint)"
                .into(),
        ),
        "BEGIN" => Some("BEGIN".into()),
        "COMMIT" | "END" | "ROLLBACK" | "SAVEPOINT" | "RELEASE" => Some(t.to_string()),
        _ => None,
    }
}

/// The numbers of the `$N` parameters a translated statement uses.
pub(crate) fn parameters(sql: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '$') => {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                if let Ok(n) = n.parse::<usize>() {
                    out.push(n);
                }
            }
            _ => {}
        }
    }
    out
}

pub(crate) fn is_pragma(sql: &str) -> bool {
    sql.trim_start()
        .get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("PRAGMA"))
}

pub(crate) fn to_postgres(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut t = Translator {
        chars: &chars,
        out: String::with_capacity(sql.len() + 32),
        next_param: 1,
        on_conflict_nothing: false,
        depth: 0,
        orders: Vec::new(),
        derived: Vec::new(),
        aliases: 0,
    };
    t.run(0, chars.len());
    while !t.orders.is_empty() {
        t.close_order_term();
        t.orders.pop();
    }
    if t.on_conflict_nothing {
        let returning = find_top_level_word(&t.out, "RETURNING");
        match returning {
            Some(at) => t.out.insert_str(at, "ON CONFLICT DO NOTHING "),
            None => t.out.push_str(" ON CONFLICT DO NOTHING"),
        }
    }
    t.out
}

struct Translator<'a> {
    chars: &'a [char],
    out: String,
    next_param: usize,
    on_conflict_nothing: bool,
    /// Parentheses open at this point.
    depth: usize,
    /// ORDER BY clauses open, innermost last: their depth, and whether the current term
    /// said DESC or already said where NULLs go.
    orders: Vec<(usize, Order)>,
    /// For each open parenthesis, whether it holds a subquery in FROM or JOIN, which
    /// PostgreSQL wants named.
    derived: Vec<bool>,
    aliases: usize,
}

/// Words that can follow a subquery in FROM when it has no name.
const AFTER_TABLE: &[&str] = &[
    "where",
    "order",
    "group",
    "limit",
    "offset",
    "join",
    "left",
    "inner",
    "cross",
    "on",
    "union",
    "except",
    "intersect",
    "having",
    "window",
    "natural",
    "right",
    "full",
];

#[derive(Clone, Copy, PartialEq)]
enum Order {
    Asc,
    Desc,
    Placed,
}

impl Translator<'_> {
    fn run(&mut self, mut i: usize, end: usize) {
        while i < end {
            let c = self.chars[i];
            match c {
                '\'' | '"' => {
                    let close = self.quoted_end(i, end);
                    self.out.extend(&self.chars[i..close]);
                    i = close;
                }
                '?' => {
                    let mut j = i + 1;
                    while j < end && self.chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    let n = if j > i + 1 {
                        let n: usize = self.chars[i + 1..j]
                            .iter()
                            .collect::<String>()
                            .parse()
                            .unwrap_or(0);
                        self.next_param = self.next_param.max(n + 1);
                        n
                    } else {
                        let n = self.next_param;
                        self.next_param += 1;
                        n
                    };
                    self.out.push('$');
                    self.out.push_str(&n.to_string());
                    i = j;
                }
                '0' if i + 1 < end
                    && (self.chars[i + 1] == 'x' || self.chars[i + 1] == 'X')
                    && !self.prev_is_word(i) =>
                {
                    let mut j = i + 2;
                    while j < end && self.chars[j].is_ascii_hexdigit() {
                        j += 1;
                    }
                    let hex: String = self.chars[i + 2..j].iter().collect();
                    match i64::from_str_radix(&hex, 16) {
                        Ok(n) => self.out.push_str(&n.to_string()),
                        Err(_) => self.out.extend(&self.chars[i..j]),
                    }
                    i = j;
                }
                c if (c.is_ascii_alphabetic() || c == '_') && !self.prev_is_word(i) => {
                    let mut j = i;
                    while j < end && (self.chars[j].is_ascii_alphanumeric() || self.chars[j] == '_')
                    {
                        j += 1;
                    }
                    let word: String = self.chars[i..j].iter().collect();
                    i = self.word(&word, j, end);
                }
                '(' => {
                    let mut words = self
                        .out
                        .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                        .filter(|w| !w.is_empty());
                    let last = words.next().unwrap_or("").to_ascii_lowercase();
                    let before = words.next().unwrap_or("").to_ascii_lowercase();
                    let last = if before == "distinct" {
                        String::new()
                    } else {
                        last
                    };
                    let next = self.skip_space(i + 1, end);
                    let select = self.word_at(next, end).is_some_and(|(w, _)| {
                        w.eq_ignore_ascii_case("select") || w.eq_ignore_ascii_case("with")
                    });
                    self.derived
                        .push(select && (last == "from" || last == "join"));
                    self.depth += 1;
                    self.out.push('(');
                    i += 1;
                }
                ')' => {
                    if self.in_order() {
                        self.close_order_term();
                        self.orders.pop();
                    }
                    self.depth = self.depth.saturating_sub(1);
                    self.out.push(')');
                    i += 1;
                    if self.derived.pop() == Some(true) {
                        let next = self.skip_space(i, end);
                        let named = match self.word_at(next, end) {
                            Some((w, _)) => !AFTER_TABLE.contains(&w.to_ascii_lowercase().as_str()),
                            None => false,
                        };
                        if !named {
                            self.aliases += 1;
                            self.out.push_str(&format!(" AS derived{}", self.aliases));
                        }
                    }
                }
                ',' => {
                    if self.in_order() {
                        self.close_order_term();
                        if let Some(last) = self.orders.last_mut() {
                            last.1 = Order::Asc;
                        }
                    }
                    self.out.push(',');
                    i += 1;
                }
                c => {
                    self.out.push(c);
                    i += 1;
                }
            }
        }
    }

    /// Whether an ORDER BY of this depth is open.
    fn in_order(&self) -> bool {
        self.orders.last().is_some_and(|(d, _)| *d == self.depth)
    }

    /// SQLite sorts NULLs as the smallest value; PostgreSQL as the largest. Each term
    /// says so.
    fn close_order_term(&mut self) {
        let Some(&(_, order)) = self.orders.last() else {
            return;
        };
        let nulls = match order {
            Order::Asc => " NULLS FIRST",
            Order::Desc => " NULLS LAST",
            Order::Placed => return,
        };
        let trimmed = self.out.trim_end().len();
        self.out.insert_str(trimmed, nulls);
    }

    fn prev_is_word(&self, i: usize) -> bool {
        i > 0 && (self.chars[i - 1].is_ascii_alphanumeric() || self.chars[i - 1] == '_')
    }

    /// Where the quoted text starting at `i` ends (just past its closing quote).
    fn quoted_end(&self, i: usize, end: usize) -> usize {
        let q = self.chars[i];
        let mut j = i + 1;
        while j < end {
            if self.chars[j] == q {
                if j + 1 < end && self.chars[j + 1] == q {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j += 1;
        }
        end
    }

    /// The next non-space position from `i`.
    fn skip_space(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.chars[i].is_whitespace() {
            i += 1;
        }
        i
    }

    /// The word at `i` if there is one.
    fn word_at(&self, i: usize, end: usize) -> Option<(String, usize)> {
        let mut j = i;
        while j < end && (self.chars[j].is_ascii_alphanumeric() || self.chars[j] == '_') {
            j += 1;
        }
        (j > i).then(|| (self.chars[i..j].iter().collect(), j))
    }

    /// The top-level arguments of the call whose `(` is at `open`, and the position just
    /// past its `)`.
    fn arguments(&self, open: usize, end: usize) -> (Vec<(usize, usize)>, usize) {
        let mut depth = 0usize;
        let mut args = Vec::new();
        let mut start = open + 1;
        let mut j = open;
        while j < end {
            match self.chars[j] {
                '\'' | '"' => {
                    j = self.quoted_end(j, end);
                    continue;
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        args.push((start, j));
                        return (args, j + 1);
                    }
                }
                ',' if depth == 1 => {
                    args.push((start, j));
                    start = j + 1;
                }
                _ => {}
            }
            j += 1;
        }
        (args, end)
    }

    fn emit(&mut self, (from, to): (usize, usize)) {
        let from = self.skip_space(from, to);
        self.run(from, to);
    }

    /// Handles one word; returns where to go on.
    fn word(&mut self, word: &str, j: usize, end: usize) -> usize {
        let lower = word.to_ascii_lowercase();
        let after = self.skip_space(j, end);
        let call = after < end && self.chars[after] == '(';
        if self.in_order() {
            match lower.as_str() {
                "desc" => {
                    if let Some(last) = self.orders.last_mut() {
                        last.1 = Order::Desc;
                    }
                }
                "nulls" => {
                    if let Some(last) = self.orders.last_mut() {
                        last.1 = Order::Placed;
                    }
                }
                "limit" | "offset" | "union" | "except" | "intersect" | "for" => {
                    self.close_order_term();
                    self.orders.pop();
                }
                _ => {}
            }
        }
        if lower == "order"
            && let Some((by, _)) = self.word_at(after, end)
            && by.eq_ignore_ascii_case("by")
        {
            self.orders.push((self.depth, Order::Asc));
        }
        match lower.as_str() {
            // SQLite's index hints: PostgreSQL's planner chooses alone.
            "indexed" => {
                if let Some((by, k)) = self.word_at(after, end)
                    && by.eq_ignore_ascii_case("by")
                {
                    let name = self.skip_space(k, end);
                    if let Some((_, m)) = self.word_at(name, end) {
                        return m;
                    }
                }
                self.out.push_str(word);
            }
            // SQLite's CROSS JOIN ... ON is an inner join in a fixed order.
            "cross" => {
                if let Some((join, k)) = self.word_at(after, end)
                    && join.eq_ignore_ascii_case("join")
                {
                    let next = self.skip_space(k, end);
                    let lateral = self
                        .word_at(next, end)
                        .is_some_and(|(w, _)| w.eq_ignore_ascii_case("lateral"));
                    if !lateral {
                        return after;
                    }
                }
                self.out.push_str(word);
            }
            "ifnull" if call => self.out.push_str("coalesce"),
            "json_group_array" if call => self.out.push_str("json_agg"),
            "instr" if call => self.out.push_str("strpos"),
            "char" if call => self.out.push_str("chr"),
            "like" => self.out.push_str("ILIKE"),
            "group_concat" if call => {
                let (args, past) = self.arguments(after, end);
                self.out.push_str("string_agg((");
                if let Some(first) = args.first() {
                    self.emit(*first);
                }
                self.out.push_str(")::text, ");
                match args.get(1) {
                    Some(sep) => self.emit(*sep),
                    None => self.out.push_str("','"),
                }
                self.out.push(')');
                return past;
            }
            "max" | "min" if call => {
                let (args, past) = self.arguments(after, end);
                if args.len() < 2 {
                    self.out.push_str(word);
                    return j;
                }
                self.out.push_str(if lower == "max" {
                    "greatest("
                } else {
                    "least("
                });
                for (n, arg) in args.iter().enumerate() {
                    if n > 0 {
                        self.out.push_str(", ");
                    }
                    self.emit(*arg);
                }
                self.out.push(')');
                return past;
            }
            "json_each" if call => {
                let (args, past) = self.arguments(after, end);
                let recent: String = self.out.chars().rev().take(48).collect();
                let texts = recent.contains(&"source_key".chars().rev().collect::<String>())
                    || recent.contains(&"done_on".chars().rev().collect::<String>());
                self.out.push_str(if texts {
                    "warmline_json_texts("
                } else {
                    "warmline_json_ids("
                });
                if let Some(arg) = args.first() {
                    self.emit(*arg);
                }
                self.out.push_str(") AS value");
                return past;
            }
            "update" => {
                // UPDATE OR IGNORE where no row can collide (the caller made sure).
                if let Some((or, k)) = self.word_at(after, end)
                    && or.eq_ignore_ascii_case("or")
                {
                    let next = self.skip_space(k, end);
                    if let Some((what, m)) = self.word_at(next, end)
                        && what.eq_ignore_ascii_case("ignore")
                    {
                        self.out.push_str(word);
                        return m;
                    }
                }
                self.out.push_str(word);
            }
            "insert" => {
                // INSERT OR IGNORE: the conflict clause goes at the end.
                if let Some((or, k)) = self.word_at(after, end)
                    && or.eq_ignore_ascii_case("or")
                {
                    let next = self.skip_space(k, end);
                    if let Some((what, m)) = self.word_at(next, end)
                        && what.eq_ignore_ascii_case("ignore")
                    {
                        self.on_conflict_nothing = true;
                        self.out.push_str(word);
                        return m;
                    }
                }
                self.out.push_str(word);
            }
            "conflict" if call => {
                self.out.push_str(word);
                self.out.push_str(" (account_id, ");
                return after + 1;
            }
            "is" => {
                // SQLite's IS / IS NOT compare any two values, NULL included.
                self.out.push_str(word);
                let mut k = after;
                let mut negated = false;
                if let Some((not, m)) = self.word_at(k, end)
                    && not.eq_ignore_ascii_case("not")
                {
                    negated = true;
                    k = self.skip_space(m, end);
                }
                let operand = self.word_at(k, end).map(|(w, _)| w.to_ascii_lowercase());
                let plain = matches!(
                    operand.as_deref(),
                    Some("null" | "true" | "false" | "distinct")
                );
                if plain {
                    return j;
                }
                self.out.push_str(if negated {
                    " DISTINCT FROM "
                } else {
                    " NOT DISTINCT FROM "
                });
                return k;
            }
            _ => self.out.push_str(word),
        }
        j
    }
}

/// Where `word` stands outside quotes and parentheses in `sql`.
fn find_top_level_word(sql: &str, word: &str) -> Option<usize> {
    let bytes = sql.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ if depth == 0
                    && sql.len() >= i + word.len()
                    && sql.is_char_boundary(i)
                    && sql.is_char_boundary(i + word.len())
                    && sql[i..i + word.len()].eq_ignore_ascii_case(word)
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) =>
                {
                    return Some(i);
                }
                _ => {}
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn parameters_are_numbered_as_postgres_numbers_them() {
        assert_eq!(to_postgres("SELECT ?1, ?2, '?3'"), "SELECT $1, $2, '?3'");
        assert_eq!(to_postgres("VALUES (?, ?)"), "VALUES ($1, $2)");
    }

    #[test]
    fn sqlite_functions_become_their_postgres_equivalents() {
        assert_eq!(
            to_postgres("SELECT group_concat(tag, char(31)) FROM t"),
            "SELECT string_agg((tag)::text, chr(31)) FROM t"
        );
        assert_eq!(
            to_postgres("SELECT json_group_array(e.email ORDER BY e.position) FROM e"),
            "SELECT json_agg(e.email ORDER BY e.position NULLS FIRST) FROM e"
        );
        assert_eq!(
            to_postgres("SELECT group_concat(person_id) FROM t"),
            "SELECT string_agg((person_id)::text, ',') FROM t"
        );
        assert_eq!(
            to_postgres("SET strength = max(strength, excluded.strength), n = max(n)"),
            "SET strength = greatest(strength, excluded.strength), n = max(n)"
        );
        assert_eq!(
            to_postgres("WHERE k < ?1 || char(0x10FFFF) AND instr(a, ?2) > 0"),
            "WHERE k < $1 || chr(1114111) AND strpos(a, $2) > 0"
        );
        assert_eq!(
            to_postgres("WHERE id IN (SELECT value FROM json_each(?1))"),
            "WHERE id IN (SELECT value FROM warmline_json_ids($1) AS value)"
        );
        assert_eq!(
            to_postgres("AND source_key NOT IN (SELECT value FROM json_each(?3))"),
            "AND source_key NOT IN (SELECT value FROM warmline_json_texts($3) AS value)"
        );
    }

    #[test]
    fn conflicts_name_the_account() {
        assert_eq!(
            to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?1)"),
            "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            to_postgres(
                "INSERT INTO s (key, value) VALUES ('a', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            "INSERT INTO s (key, value) VALUES ('a', $1) ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value"
        );
        assert_eq!(
            to_postgres("INSERT OR IGNORE INTO t (a) VALUES (1) RETURNING id"),
            "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING id"
        );
    }

    #[test]
    fn nulls_sort_first_as_in_sqlite() {
        assert_eq!(
            to_postgres("SELECT a FROM t ORDER BY a, b DESC LIMIT 3"),
            "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST LIMIT 3"
        );
        assert_eq!(
            to_postgres("SELECT (SELECT x FROM u ORDER BY coalesce(x, y)) FROM t ORDER BY a"),
            "SELECT (SELECT x FROM u ORDER BY coalesce(x, y) NULLS FIRST) FROM t ORDER BY a NULLS FIRST"
        );
    }

    #[test]
    fn subqueries_in_from_are_named() {
        assert_eq!(
            to_postgres("SELECT count(*) FROM (SELECT 1 FROM t) WHERE 1"),
            "SELECT count(*) FROM (SELECT 1 FROM t) AS derived1 WHERE 1"
        );
        assert_eq!(
            to_postgres("SELECT x FROM (SELECT 1 AS x) s"),
            "SELECT x FROM (SELECT 1 AS x) s"
        );
    }

    #[test]
    fn is_compares_values() {
        assert_eq!(to_postgres("a IS NOT NULL"), "a IS NOT NULL");
        assert_eq!(to_postgres("a IS ?1"), "a IS NOT DISTINCT FROM $1");
        assert_eq!(to_postgres("a IS NOT b"), "a IS DISTINCT FROM b");
    }
}
