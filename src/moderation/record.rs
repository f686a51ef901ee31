//! "Moderation record": every moderation action, newest first: who, what, when.

use govblog_shared::api::ModerationAction;
use leptos::prelude::*;

use super::long_time;

#[derive(Clone, Debug, Default)]
pub struct RecordPage {
    pub lines: Vec<ModerationAction>,
}

#[component]
pub fn Record(page: RecordPage) -> impl IntoView {
    let empty = page.lines.is_empty();
    view! {
        <h1 class="govuk-heading-l">"Moderation record"</h1>
        <p class="govuk-body">"Every moderation action, newest first: the last 200."</p>
        {if empty {
            view! { <p class="govuk-body">"Nothing has been moderated yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Moderation actions, newest first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"When"</th>
                            <th scope="col" class="govuk-table__header">"Who"</th>
                            <th scope="col" class="govuk-table__header">"What"</th>
                            <th scope="col" class="govuk-table__header">"On"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {page.lines.into_iter().map(|line| {
                            let what = match line.comment_id {
                                Some(id) => format!("{} comment {id}", line.action),
                                None => line.action.clone(),
                            };
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{long_time(&line.at)}</td>
                                    <td class="govuk-table__cell">{line.moderator}</td>
                                    <td class="govuk-table__cell">
                                        {what}
                                        {(!line.detail.is_empty()).then(|| view! { <br/> <span class="govuk-hint">{line.detail.clone()}</span> })}
                                    </td>
                                    <td class="govuk-table__cell">
                                        {line.post.map(|post| view! { <a class="govuk-link" href=post.permalink>{post.title}</a> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}
