//! Parts of the page. Each takes plain data and renders GOV.UK markup; none
//! loads data, so the server renders them as the app does. The forms send
//! what the reader typed through [`crate::api`].

pub mod comment_form;
pub mod comments;
pub mod entry_meta;
pub mod error_summary;
pub mod icons;
pub mod layout;
pub mod link_list;
pub mod page_state;
pub mod page_title;
pub mod pagination;
pub mod post_body;
pub mod post_entry;
pub mod post_list;
pub mod post_navigation;
pub mod search_form;
pub mod share_links;
pub mod sidebar;
pub mod subscribe_form;
pub mod success_banner;
pub mod text_field;
