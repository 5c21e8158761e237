//! The collaboration agreement document: version, status and every section in order.

use accord_domain::Workspace;

use crate::model::{AgreementText, SectionText};
use crate::text::{one_line, shown};

pub(crate) fn build(ws: &Workspace) -> AgreementText {
    let a = &ws.agreement;
    AgreementText {
        version: a.version,
        status: a.status,
        binding: a.binding,
        effective_date: a.effective_date,
        review_date: a.review_date,
        sections: a
            .sections
            .iter()
            .map(|s| SectionText {
                key: s.key.clone(),
                title: one_line(&s.title),
                status: s.status,
                body: shown(&s.body),
            })
            .collect(),
    }
}
