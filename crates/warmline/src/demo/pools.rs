//! The words the demo network is made of.

pub const FIRST: &[&str] = &[
    "Dana", "Zoë", "José", "Priya", "Mateo", "Aisha", "Jürgen", "Siobhán", "Kenji", "Amara",
    "Lucas", "Mei", "Tomás", "Fatima", "Noah", "Ingrid", "Rafael", "Chloé", "Omar", "Hana",
    "Elena", "Kwame", "Sofia", "Liam", "Anika", "Mia", "Diego", "Leila", "Theo", "Ngozi", "Björn",
    "Camila", "Arjun", "Yara", "Felix", "Nadia", "Hugo", "Ines", "Malik", "Greta",
];

pub const LAST: &[&str] = &[
    "Lee",
    "Park",
    "García",
    "Patel",
    "Rossi",
    "Okafor",
    "Müller",
    "Ní Bhriain",
    "Tanaka",
    "Mensah",
    "Silva",
    "Chen",
    "Herrera",
    "Haddad",
    "Kim",
    "Larsen",
    "Costa",
    "Dubois",
    "Farouk",
    "Sato",
    "Novak",
    "Boateng",
    "Romano",
    "Murphy",
    "Sharma",
    "Nguyễn",
    "Alvarez",
    "Karimi",
    "Walsh",
    "Adeyemi",
    "Lindqvist",
    "Moreno",
    "Iyer",
    "Aziz",
    "Becker",
    "Quinn",
];

/// (name, industry, size, location)
pub const ORGS: &[(&str, &str, &str, &str)] = &[
    ("Bright Comms", "public relations", "boutique", "Portland"),
    ("Lumen PR", "public relations", "boutique", "Seattle"),
    ("Harbor & Finch", "public relations", "boutique", "Portland"),
    ("Spoke Agency", "public relations", "startup", "Austin"),
    (
        "Meridian Public Relations",
        "public relations",
        "mid",
        "San Francisco",
    ),
    ("Edelwise Global", "public relations", "large", "New York"),
    ("Acme Cloud", "software", "large", "Seattle"),
    ("Northwind Traders", "retail", "mid", "Portland"),
    ("Fernleaf Health", "healthcare", "mid", "Portland"),
    ("Oakline Studio", "design", "solo", "Portland"),
    ("Tidewater Media", "media", "mid", "Austin"),
    ("Cobalt Analytics", "software", "startup", "Austin"),
    ("Riverbend Foundation", "nonprofit", "boutique", "Portland"),
    ("Summit Outdoor Co.", "retail", "mid", "Denver"),
    ("Pioneer Bank", "finance", "large", "Portland"),
    ("Greenline Transit", "government", "large", "Portland"),
    ("Quill & Ink Content", "marketing", "boutique", "Seattle"),
    ("Basecamp Labs", "software", "startup", "Portland"),
    ("Portland Daily", "media", "mid", "Portland"),
    ("Cascadia University", "education", "large", "Eugene"),
];

/// Titles by industry; the first word of the industry picks the list.
pub fn titles(industry: &str) -> &'static [&'static str] {
    match industry {
        "public relations" => &[
            "Account Director",
            "Account Executive",
            "PR Manager",
            "Media Relations Lead",
            "Founder",
            "Senior Account Manager",
            "Communications Strategist",
        ],
        "software" => &[
            "Software Engineer",
            "Product Manager",
            "UX Designer",
            "Engineering Manager",
            "Recruiter",
        ],
        "media" => &["Reporter", "Editor", "Producer", "Features Writer"],
        "marketing" => &["Content Strategist", "Marketing Manager", "Copywriter"],
        "education" => &["Professor", "Career Advisor", "Program Director"],
        _ => &[
            "Marketing Manager",
            "Communications Manager",
            "Operations Lead",
            "Director",
            "Analyst",
        ],
    }
}

pub const EVENTS: &[(&str, &str)] = &[
    ("PRSA Portland mixer", "Portland"),
    ("Women in Comms breakfast", "Portland"),
    ("Content Marketing World", "Cleveland"),
    ("Oregon Alumni networking night", "Portland"),
    ("Storytelling for Brands workshop", "Seattle"),
    ("Austin Media Meetup", "Austin"),
];

/// (category, text) facts a person may have.
pub const FACTS: &[(&str, &str)] = &[
    ("family", "daughter Mia plays soccer"),
    ("family", "two kids, Leo and Ada"),
    ("family", "partner is a nurse at OHSU"),
    ("family", "just became a grandparent"),
    ("hometown", "grew up in Portland"),
    ("hometown", "grew up in Boise"),
    ("hometown", "from Lagos, moved here in 2015"),
    ("school", "Univ. of Oregon, journalism"),
    ("school", "University of Washington"),
    ("school", "U of Oregon"),
    ("school", "Portland State University"),
    ("hobby", "rock climbing at the Circuit gym"),
    ("hobby", "marathon running"),
    ("hobby", "sourdough baking"),
    ("hobby", "cello in a community orchestra"),
    ("interest", "sustainable fashion"),
    ("interest", "local politics"),
    ("interest", "podcasting"),
    ("life_event", "moving to Austin this spring"),
    ("life_event", "training for the Boston marathon"),
    ("life_event", "returning from parental leave"),
    ("other", "prefers texts to calls"),
];

/// Needs read after "Chloé needs …", so they are written as what is needed.
pub const NEEDS: &[&str] = &[
    "hiring a UX designer",
    "a freelance copywriter",
    "an introduction to someone at Acme Cloud",
    "a good photographer for an event",
    "a PR intern for the summer",
    "people to meet in Austin before the move",
];

pub const OFFERS: &[&str] = &[
    "UX designer open to freelance work",
    "happy to review portfolios",
    "knows the Austin media scene well",
    "event photographer on weekends",
    "can introduce people at Acme Cloud",
    "freelance copywriter and editor",
];

/// Things promised in a conversation, as "I said I would …" finishes them.
pub const PROMISES: &[&str] = &[
    "send you the case study on the Lumen launch",
    "share the article on pitching reporters",
    "send you my portfolio link",
    "forward the internship listing",
    "introduce you to a designer I know",
];

/// Interaction summaries by kind.
pub fn summaries(kind: &str) -> &'static [&'static str] {
    match kind {
        "coffee" => &[
            "coffee: caught up on her agency's new clients",
            "coffee at Stumptown: talked about breaking into PR",
            "coffee: swapped notes on the job market",
            "coffee: heard about the Austin move",
        ],
        "call" => &[
            "call: advice on my portfolio",
            "quick call about an opening on their team",
            "call: talked through a career change",
        ],
        "video" => &[
            "video chat: informational interview",
            "video call: feedback on my case study",
        ],
        "email" => &[
            "sent a thank-you note",
            "shared an article on media relations",
            "emailed about a role they posted",
            "sent congratulations on the new job",
        ],
        "message" => &[
            "LinkedIn message: checked in",
            "texted happy birthday",
            "message: shared a podcast episode",
        ],
        "meeting" => &[
            "lunch meeting with their team",
            "met at their office for a portfolio review",
        ],
        "event" => &[
            "saw each other at a meetup",
            "ran into each other at a conference",
        ],
        "intro" => &[
            "introduced me to a hiring manager",
            "I introduced them to a designer",
        ],
        _ => &["dropped off a book I promised"],
    }
}
