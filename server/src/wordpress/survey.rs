//! The first reading of an export: everything posts refer to (users,
//! categories, tags, co-authors, images, reusable blocks, the page tree).

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::body::Attachment;
use super::decode;
use super::wxr::{self, Record, Term, WxrError, WxrReader};

/// What the first reading finds: everything posts refer to.
#[derive(Default)]
pub(super) struct Survey {
    pub(super) channel: wxr::Channel,
    /// login → (user ID, display name)
    pub(super) users: HashMap<String, (i64, String)>,
    pub(super) categories: Vec<Term>,
    pub(super) tags: Vec<Term>,
    /// Co-Authors Plus terms by slug (`cap-nicename`): (login, display name, user ID).
    pub(super) coauthors: HashMap<String, (String, String, i64)>,
    pub(super) attachments: HashMap<i64, Attachment>,
    pub(super) blocks: HashMap<i64, String>,
    /// Pages by ID: (slug, parent ID), for their paths.
    pub(super) pages: HashMap<i64, (String, i64)>,
}

static ATTACHMENT_SIZE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"s:5:"width";i:(\d+);s:6:"height";i:(\d+);"#).expect("a valid pattern"));

impl Survey {
    pub(super) fn read(file: &Path) -> Result<Survey, WxrError> {
        let mut reader = WxrReader::open(file)?;
        let mut survey = Survey::default();
        while let Some(record) = reader.next_record()? {
            match record {
                Record::Author(a) => {
                    survey.users.insert(a.login, (a.id, a.display_name));
                }
                Record::Term(t) => match t.taxonomy.as_str() {
                    "category" => survey.categories.push(t),
                    "post_tag" => survey.tags.push(t),
                    "author" => {
                        let (display, id) = coauthor_display(&t.description, &t.name);
                        survey.coauthors.insert(t.slug, (t.name, display, id));
                    }
                    _ => {}
                },
                Record::Item(item) => match item.post_type.as_str() {
                    "attachment" => {
                        // WordPress keeps an image's size in PHP-serialised
                        // metadata; only its first width and height are read.
                        let size =
                            item.meta("_wp_attachment_metadata").and_then(|m| ATTACHMENT_SIZE.captures(m));
                        let size = |i: usize| size.as_ref().and_then(|c| c[i].parse().ok());
                        let attachment = Attachment {
                            url: if item.attachment_url.is_empty() {
                                item.title.clone()
                            } else {
                                item.attachment_url.clone()
                            },
                            alt: decode(item.meta("_wp_attachment_image_alt").unwrap_or("")),
                            caption: decode(&item.excerpt),
                            parent: item.parent,
                            menu_order: item.menu_order,
                            width: size(1),
                            height: size(2),
                        };
                        survey.attachments.insert(item.id, attachment);
                    }
                    "wp_block" => {
                        survey.blocks.insert(item.id, item.content);
                    }
                    "page" => {
                        survey.pages.insert(item.id, (item.name, item.parent));
                    }
                    _ => {}
                },
            }
        }
        survey.channel = reader.channel.clone();
        Ok(survey)
    }

    /// A page's path: its slug after its ancestors'.
    pub(super) fn page_path(&self, id: i64) -> String {
        let mut slugs = Vec::new();
        let mut at = id;
        while let Some((slug, parent)) = self.pages.get(&at) {
            slugs.push(slug.clone());
            // A loop in the tree (never written by WordPress) ends here.
            if slugs.len() > 20 {
                break;
            }
            at = *parent;
        }
        slugs.reverse();
        slugs.join("/")
    }

    /// An author's slug (their `user_nicename`) and display name, from
    /// their login.
    pub(super) fn author(&self, login: &str) -> (String, String, i64) {
        if let Some((slug, (_, display, id))) = self.coauthors.iter().find(|(_, (l, _, _))| l == login) {
            return (slug.trim_start_matches("cap-").to_owned(), display.clone(), *id);
        }
        let (id, display) = self.users.get(login).cloned().unwrap_or((0, login.to_owned()));
        (nicename(login), display, id)
    }
}

/// WordPress's `user_nicename` for a login: `sian.llewelyn` → `sian-llewelyn`.
fn nicename(login: &str) -> String {
    let mut out = String::new();
    for c in login.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// A co-author's display name and user ID from the term description
/// Co-Authors Plus writes: `display first last login ID email`.
fn coauthor_display(description: &str, login: &str) -> (String, i64) {
    let words: Vec<&str> = description.split(' ').collect();
    let Some(at) = words.iter().rposition(|w| *w == login) else { return (login.to_owned(), 0) };
    let id = words.get(at + 1).and_then(|w| w.parse().ok()).unwrap_or(0);
    // Before the login: the display name, then the first and last names,
    // which the display name usually ends with.
    let names: Vec<&str> = words[..at].iter().copied().filter(|w| !w.is_empty()).collect();
    let n = names.len();
    for tail in (1..=n / 2).rev() {
        if names[n - tail..] == names[n - 2 * tail..n - tail] {
            return (names[..n - tail].join(" "), id);
        }
    }
    (names.join(" "), id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_author_names_come_from_the_term_description() {
        assert_eq!(
            coauthor_display("Aoife O'Brien Aoife O'Brien aobrien 6 a@example.com", "aobrien"),
            ("Aoife O'Brien".into(), 6)
        );
        assert_eq!(
            coauthor_display("Dr Kai Chen Kai Chen kchen 7 k@example.com", "kchen"),
            ("Dr Kai Chen".into(), 7)
        );
        assert_eq!(
            coauthor_display("Public Data Studio team   datateam 3 s@example.com", "datateam"),
            ("Public Data Studio team".into(), 3)
        );
    }

    #[test]
    fn nicenames() {
        assert_eq!(nicename("sian.llewelyn"), "sian-llewelyn");
    }
}
