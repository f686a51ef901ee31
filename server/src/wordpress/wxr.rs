//! Reading a WordPress export (WXR 1.2, Tools → Export → All content) as a
//! stream, with quick-xml: one record at a time, so an export of hundreds
//! of megabytes needs no more memory than its largest post.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

/// The site the export came from.
#[derive(Debug, Default, Clone)]
pub struct Channel {
    pub title: String,
    pub description: String,
    /// Where its pages were, e.g. `https://blog.example.gov.uk`, no trailing slash.
    pub base_url: String,
    pub wxr_version: String,
}

/// A user who wrote something (`wp:author`).
#[derive(Debug, Default, Clone)]
pub struct Author {
    pub id: i64,
    pub login: String,
    pub display_name: String,
}

/// A category, tag, or other taxonomy's term (`wp:category`, `wp:tag`, `wp:term`).
#[derive(Debug, Default, Clone)]
pub struct Term {
    /// `category`, `post_tag`, `author` (Co-Authors Plus), ...
    pub taxonomy: String,
    pub slug: String,
    pub name: String,
    pub parent: String,
    pub description: String,
}

/// A post, page, attachment or other item.
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub id: i64,
    pub title: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    /// Local time of the site, `YYYY-MM-DD HH:MM:SS`: the permalink's date.
    pub date: String,
    pub date_gmt: String,
    pub modified_gmt: String,
    pub comment_status: String,
    pub name: String,
    pub status: String,
    pub parent: i64,
    pub menu_order: i64,
    pub post_type: String,
    pub password: String,
    pub sticky: bool,
    pub attachment_url: String,
    /// `(domain, nicename, name)`: categories, tags and co-authors, in order.
    pub terms: Vec<(String, String, String)>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<Comment>,
}

impl Item {
    /// The first value of post meta `key`.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default, Clone)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub author_email: String,
    pub date_gmt: String,
    pub content: String,
    /// `1`, `0` (pending), `spam`, `trash`, `post-trashed`.
    pub approved: String,
    /// `comment` (or empty), `pingback`, `trackback`.
    pub kind: String,
    pub parent: i64,
    pub user_id: i64,
}

pub enum Record {
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

/// Why the file cannot be read, and where.
#[derive(Debug, thiserror::Error)]
#[error("{file}, line {line}, column {column}: {message}")]
pub struct WxrError {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

pub struct WxrReader {
    path: PathBuf,
    reader: Reader<BufReader<File>>,
    buf: Vec<u8>,
    /// Open elements, outermost first.
    open: Vec<String>,
    text: String,
    pub channel: Channel,
    in_record: Option<Record>,
    comment: Option<Comment>,
    meta_key: String,
    term_attrs: (String, String),
    done: bool,
}

impl WxrReader {
    pub fn open(path: &Path) -> Result<WxrReader, WxrError> {
        let file = File::open(path).map_err(|e| WxrError {
            file: path.to_owned(),
            line: 0,
            column: 0,
            message: format!("cannot be opened: {e}"),
        })?;
        let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, file));
        reader.config_mut().check_end_names = true;
        Ok(WxrReader {
            path: path.to_owned(),
            reader,
            buf: Vec::new(),
            open: Vec::new(),
            text: String::new(),
            channel: Channel::default(),
            in_record: None,
            comment: None,
            meta_key: String::new(),
            term_attrs: (String::new(), String::new()),
            done: false,
        })
    }

    /// The next author, term or item, or `None` at the end of the export.
    pub fn next_record(&mut self) -> Result<Option<Record>, WxrError> {
        while !self.done {
            let position = self.reader.buffer_position();
            let event = self.reader.read_event_into(&mut self.buf);
            let event = match event {
                Ok(e) => e.into_owned(),
                Err(e) => {
                    let message = e.to_string();
                    let message = if message.contains("end of input") {
                        format!("the file ends before the export does (is it cut short?): {message}")
                    } else {
                        format!("not well-formed XML: {message}")
                    };
                    return Err(self.error_at(self.reader.error_position(), message));
                }
            };
            self.buf.clear();
            match event {
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    if self.open.is_empty() && name != "rss" {
                        return Err(self.error_at(position, not_wxr(&format!("it starts with <{name}>"))));
                    }
                    if name == "category" && self.path_is(&["rss", "channel", "item"]) {
                        let attr = |key: &[u8]| {
                            e.try_get_attribute(key)
                                .ok()
                                .flatten()
                                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                                .unwrap_or_default()
                        };
                        self.term_attrs = (attr(b"domain"), attr(b"nicename"));
                    }
                    self.open.push(name);
                    self.text.clear();
                    self.start_element();
                }
                Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    self.open.push(name);
                    self.text.clear();
                    self.start_element();
                    if let Some(record) = self.end_element()? {
                        self.open.pop();
                        return Ok(Some(record));
                    }
                    self.open.pop();
                }
                Event::Text(t) => {
                    let text =
                        t.xml_content().map_err(|e| self.error_at(position, format!("bad text: {e}")))?;
                    self.text.push_str(&text);
                }
                Event::CData(t) => {
                    let text =
                        t.xml_content().map_err(|e| self.error_at(position, format!("bad text: {e}")))?;
                    self.text.push_str(&text);
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match &*r {
                            b"amp" => '&',
                            b"lt" => '<',
                            b"gt" => '>',
                            b"quot" => '"',
                            b"apos" => '\'',
                            other => {
                                let name = String::from_utf8_lossy(other).into_owned();
                                return Err(self.error_at(position, format!("unknown entity &{name};")));
                            }
                        },
                        Err(e) => {
                            return Err(self.error_at(position, format!("bad character reference: {e}")))
                        }
                    };
                    self.text.push(c);
                }
                Event::End(_) => {
                    let record = self.end_element()?;
                    self.open.pop();
                    self.text.clear();
                    if record.is_some() {
                        return Ok(record);
                    }
                }
                Event::Eof => {
                    if let Some(element) = self.open.last() {
                        let message =
                            format!("the file ends before the export does (<{element}> is not closed)");
                        return Err(self.error_at(position, message));
                    }
                    if self.channel.wxr_version.is_empty() {
                        return Err(self.error_at(position, not_wxr("it has no wp:wxr_version")));
                    }
                    self.done = true;
                }
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        Ok(None)
    }

    fn path_is(&self, path: &[&str]) -> bool {
        self.open.len() == path.len() && self.open.iter().zip(path).all(|(a, b)| a == b)
    }

    fn start_element(&mut self) {
        let depth = self.open.len();
        let name = self.open.last().map(String::as_str).unwrap_or("");
        if depth == 3 && self.open[1] == "channel" {
            self.in_record = match name {
                "item" => Some(Record::Item(Box::default())),
                "wp:author" => Some(Record::Author(Author::default())),
                "wp:category" => Some(Record::Term(Term { taxonomy: "category".into(), ..Term::default() })),
                "wp:tag" => Some(Record::Term(Term { taxonomy: "post_tag".into(), ..Term::default() })),
                "wp:term" => Some(Record::Term(Term::default())),
                _ => None,
            };
        }
        if depth == 4 && name == "wp:comment" {
            self.comment = Some(Comment::default());
        }
    }

    /// Stores the text of the element that just ended; the whole record
    /// when it was the record's own element.
    fn end_element(&mut self) -> Result<Option<Record>, WxrError> {
        let depth = self.open.len();
        let text = std::mem::take(&mut self.text);
        if depth < 3 || self.open[1] != "channel" {
            return Ok(None);
        }
        let name = self.open[depth - 1].as_str();
        let int = |s: &str| s.trim().parse::<i64>().unwrap_or(0);
        if depth == 3 {
            if self.in_record.is_some() {
                return Ok(self.in_record.take());
            }
            match name {
                "title" => self.channel.title = text,
                "description" => self.channel.description = text,
                "wp:base_site_url" => self.channel.base_url = text.trim().trim_end_matches('/').to_owned(),
                "wp:wxr_version" => self.channel.wxr_version = text.trim().to_owned(),
                _ => {}
            }
            return Ok(None);
        }
        let within = self.open[3].as_str();
        match &mut self.in_record {
            Some(Record::Author(a)) if depth == 4 => match name {
                "wp:author_id" => a.id = int(&text),
                "wp:author_login" => a.login = text,
                "wp:author_display_name" => a.display_name = text,
                _ => {}
            },
            Some(Record::Term(t)) if depth == 4 => match name {
                "wp:term_taxonomy" => t.taxonomy = text,
                "wp:category_nicename" | "wp:tag_slug" | "wp:term_slug" => t.slug = text,
                "wp:cat_name" | "wp:tag_name" | "wp:term_name" => t.name = text,
                "wp:category_parent" | "wp:term_parent" => t.parent = text,
                "wp:category_description" | "wp:tag_description" | "wp:term_description" => {
                    t.description = text
                }
                _ => {}
            },
            Some(Record::Item(item)) => match (depth, within, name) {
                (4, _, "title") => item.title = text,
                (4, _, "dc:creator") => item.creator = text,
                (4, _, "content:encoded") => item.content = text,
                (4, _, "excerpt:encoded") => item.excerpt = text,
                (4, _, "wp:post_id") => item.id = int(&text),
                (4, _, "wp:post_date") => item.date = text,
                (4, _, "wp:post_date_gmt") => item.date_gmt = text,
                (4, _, "wp:post_modified_gmt") => item.modified_gmt = text,
                (4, _, "wp:comment_status") => item.comment_status = text,
                (4, _, "wp:post_name") => item.name = text,
                (4, _, "wp:status") => item.status = text,
                (4, _, "wp:post_parent") => item.parent = int(&text),
                (4, _, "wp:menu_order") => item.menu_order = int(&text),
                (4, _, "wp:post_type") => item.post_type = text,
                (4, _, "wp:post_password") => item.password = text,
                (4, _, "wp:is_sticky") => item.sticky = text.trim() == "1",
                (4, _, "wp:attachment_url") => item.attachment_url = text,
                (4, _, "category") => {
                    let (domain, nicename) = std::mem::take(&mut self.term_attrs);
                    item.terms.push((domain, nicename, text));
                }
                (4, _, "wp:comment") => item.comments.extend(self.comment.take()),
                (5, "wp:postmeta", "wp:meta_key") => self.meta_key = text,
                (5, "wp:postmeta", "wp:meta_value") => {
                    item.meta.push((std::mem::take(&mut self.meta_key), text))
                }
                (5, "wp:comment", field) => {
                    if let Some(c) = &mut self.comment {
                        match field {
                            "wp:comment_id" => c.id = int(&text),
                            "wp:comment_author" => c.author = text,
                            "wp:comment_author_email" => c.author_email = text,
                            "wp:comment_date_gmt" => c.date_gmt = text,
                            "wp:comment_content" => c.content = text,
                            "wp:comment_approved" => c.approved = text,
                            "wp:comment_type" => c.kind = text,
                            "wp:comment_parent" => c.parent = int(&text),
                            "wp:comment_user_id" => c.user_id = int(&text),
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(None)
    }

    fn error_at(&self, offset: u64, message: String) -> WxrError {
        let (line, column) = line_and_column(&self.path, offset);
        WxrError { file: self.path.clone(), line, column, message }
    }
}

fn not_wxr(why: &str) -> String {
    format!("this is not a WordPress export (WXR): {why}. Export the blog from WordPress with Tools → Export → All content")
}

/// The 1-based line and column of byte `offset` in the file at `path`,
/// read again only when there is an error to report.
fn line_and_column(path: &Path, offset: u64) -> (u64, u64) {
    let Ok(file) = File::open(path) else { return (0, 0) };
    let (mut line, mut column) = (1, 1);
    let mut reader = BufReader::new(file).take(offset);
    let mut chunk = Vec::new();
    while reader.read_until(b'\n', &mut chunk).unwrap_or(0) > 0 {
        if chunk.ends_with(b"\n") {
            line += 1;
            column = 1;
        } else {
            column += String::from_utf8_lossy(&chunk).chars().count() as u64;
        }
        chunk.clear();
    }
    (line, column)
}
