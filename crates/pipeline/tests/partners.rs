//! Listings tell the truth: an organisation a listing names takes part only once it has
//! confirmed (until then it is shown as invited and places the listing nowhere), it can
//! decline, and a contact's email address is published only when the publisher chose to.

use pipeline_client::ClientError;
use pipeline_protocol::{
    Confirmation, Contact, InvitationState, ListedOrganisation, ListingId, Nation,
    OrganisationKind, PartyRole, Phase, SearchQuery,
};
use serde_json::Value;

use crate::support::{Db, TestServer, draft};

on_both!(
    a_spoofed_partner_is_not_shown_in_search,
    a_partner_confirms_then_declines,
    a_contact_email_is_published_only_when_chosen
);

fn named(name: &str, gss: &str, role: PartyRole) -> ListedOrganisation {
    ListedOrganisation {
        name: name.into(),
        kind: OrganisationKind::Unitary,
        gss_code: Some(gss.into()),
        role,
    }
}

async fn found_in(server: &TestServer, nation: Nation) -> Vec<ListingId> {
    server
        .anonymous()
        .search(&SearchQuery {
            nation: Some(nation),
            ..SearchQuery::default()
        })
        .await
        .unwrap()
        .listings
        .into_iter()
        .map(|l| l.id)
        .collect()
}

async fn found_in_region(server: &TestServer, region: &str) -> Vec<ListingId> {
    server
        .anonymous()
        .search(&SearchQuery {
            region: Some(region.into()),
            ..SearchQuery::default()
        })
        .await
        .unwrap()
        .listings
        .into_iter()
        .map(|l| l.id)
        .collect()
}

/// A council names others as partners without asking: Cardiff (which has an account here)
/// and a Scottish council (which has none). Neither Wales nor Scotland finds the listing, and
/// it shows both as invited; the publisher's own place still finds it.
async fn a_spoofed_partner_is_not_shown_in_search(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let cardiff = server.account("Cardiff Council", Some("W06000015")).await;
    let mut spoof = draft("Shared bins", "", &["waste"], Phase::Alpha);
    spoof.organisations = vec![
        named("Adur District Council", "E07000223", PartyRole::Lead),
        named("cardiff council ", "W06000015", PartyRole::Partner),
        named("Glasgow City Council", "S12000049", PartyRole::Partner),
    ];
    let id = adur.client.publish(&spoof).await.unwrap();

    assert!(found_in(&server, Nation::Wales).await.is_empty());
    assert!(found_in(&server, Nation::Scotland).await.is_empty());
    assert!(found_in_region(&server, "Wales").await.is_empty());
    assert_eq!(found_in_region(&server, "South East").await, [id]);
    let listing = server.anonymous().listing(id).await.unwrap();
    let shown: Vec<(&str, Confirmation)> = listing
        .organisations
        .iter()
        .map(|o| (o.name.as_str(), o.confirmation))
        .collect();
    assert_eq!(
        shown,
        [
            ("Adur District Council", Confirmation::Confirmed),
            ("cardiff council", Confirmation::Invited),
            ("Glasgow City Council", Confirmation::Invited),
        ]
    );
    // As anyone reads it, word for word.
    let raw: Value = server
        .raw()
        .get(server.at(&format!("/v1/listings/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(raw["organisations"][1]["confirmation"], "invited");

    // Updating the listing does not confirm anyone either.
    let mut again = listing.draft();
    again.title = "Shared bins, again".into();
    adur.client.update(id, &again).await.unwrap();
    assert!(found_in(&server, Nation::Wales).await.is_empty());

    // Cardiff sees the invitation; nobody else can answer it, nor can the publisher.
    let invitations = cardiff.client.invitations().await.unwrap();
    assert_eq!(invitations.len(), 1);
    assert_eq!(
        (
            invitations[0].listing,
            invitations[0].state,
            invitations[0].role
        ),
        (id, InvitationState::Invited, PartyRole::Partner)
    );
    assert_eq!(invitations[0].owner, adur.organisation);
    let brighton = server
        .account("Brighton and Hove City Council", Some("E06000043"))
        .await;
    assert!(brighton.client.invitations().await.unwrap().is_empty());
    let refused = brighton
        .client
        .confirm(invitations[0].id)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ClientError::Refused { status: 403, .. }),
        "{refused:?}"
    );
    let refused = adur.client.confirm(invitations[0].id).await.unwrap_err();
    assert!(
        matches!(&refused, ClientError::Refused { status: 403, .. }),
        "{refused:?}"
    );
    assert!(found_in(&server, Nation::Wales).await.is_empty());
    assert!(adur.client.invitations().await.unwrap().is_empty());
}

/// Cardiff confirms: the listing shows it confirmed and Wales finds it. Republishing keeps
/// the answer. Cardiff then declines: the listing no longer names it and Wales does not
/// find it; the counts search starts from stay equal to the index.
async fn a_partner_confirms_then_declines(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let cardiff = server.account("Cardiff Council", Some("W06000015")).await;
    let mut shared = draft("Shared bins", "", &["waste"], Phase::Alpha);
    shared.organisations = vec![named("Cardiff Council", "W06000015", PartyRole::Partner)];
    shared.workspace_id = Some(uuid::Uuid::now_v7());
    let id = adur.client.publish(&shared).await.unwrap();
    let invitation = cardiff.client.invitations().await.unwrap()[0].id;

    server.later(5);
    let confirmed = cardiff.client.confirm(invitation).await.unwrap();
    assert_eq!(confirmed.state, InvitationState::Confirmed);
    assert_eq!(confirmed.decided_at, Some(server.now()));
    assert_eq!(found_in(&server, Nation::Wales).await, [id]);
    assert_eq!(
        server.anonymous().listing(id).await.unwrap().organisations[0].confirmation,
        Confirmation::Confirmed
    );
    let twice = cardiff.client.confirm(invitation).await.unwrap_err();
    assert!(
        matches!(&twice, ClientError::Refused { status: 409, .. }),
        "{twice:?}"
    );

    // Republishing the same workspace keeps Cardiff's answer.
    adur.client.publish(&shared).await.unwrap();
    assert_eq!(found_in(&server, Nation::Wales).await, [id]);

    let declined = cardiff.client.decline_invitation(invitation).await.unwrap();
    assert_eq!(declined.state, InvitationState::Declined);
    assert!(found_in(&server, Nation::Wales).await.is_empty());
    assert!(
        server
            .anonymous()
            .listing(id)
            .await
            .unwrap()
            .organisations
            .is_empty(),
        "an organisation that declined is not named"
    );
    adur.client.publish(&shared).await.unwrap();
    assert!(found_in(&server, Nation::Wales).await.is_empty());
    assert_eq!(
        cardiff.client.invitations().await.unwrap()[0].state,
        InvitationState::Declined
    );

    let drift = server
        .scalar(
            "SELECT COUNT(*) FROM (SELECT word, listings FROM word_frequency WHERE listings <> 0 AND word LIKE '@%' \
             EXCEPT SELECT '@' || place, COUNT(*) FROM listing_places GROUP BY place) AS d",
        )
        .await;
    assert_eq!(drift, 0, "the places' counts equal the index");
    assert_eq!(
        server
            .scalar("SELECT listings FROM word_frequency WHERE word = '@nation:wales'")
            .await,
        0
    );
}

/// Without `publish_email` the address is neither shown nor kept; with it, it is shown on
/// the listing and on the legacy route (under Pipeline's own field name).
async fn a_contact_email_is_published_only_when_chosen(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let mut bins = draft("Missed bins", "", &["waste"], Phase::Beta);
    bins.workspace_id = Some(uuid::Uuid::now_v7());
    bins.contact = Some(Contact {
        name: "Jo Bloggs".into(),
        email: "jo.private@adur.gov.uk".into(),
        publish_email: false,
        job_title: String::new(),
        department: String::new(),
    });
    let id = adur.client.publish(&bins).await.unwrap();
    let listing = server.anonymous().listing(id).await.unwrap();
    let contact = listing.contact.unwrap();
    assert_eq!(
        (contact.name.as_str(), contact.email.as_str()),
        ("Jo Bloggs", "")
    );
    let legacy = server
        .anonymous()
        .legacy_project(listing.number)
        .await
        .unwrap();
    assert_eq!(
        (legacy.owner.as_str(), legacy.owner_email.as_str()),
        ("Jo Bloggs", "")
    );
    assert_eq!(
        server
            .scalar("SELECT COUNT(*) FROM listings WHERE contact LIKE '%jo.private%'")
            .await,
        0,
        "an address not to be published is not kept"
    );

    bins.contact.as_mut().unwrap().publish_email = true;
    adur.client.publish(&bins).await.unwrap();
    let legacy = server
        .anonymous()
        .legacy_project(listing.number)
        .await
        .unwrap();
    assert_eq!(legacy.owner_email, "jo.private@adur.gov.uk");
    assert!(
        server
            .anonymous()
            .listing(id)
            .await
            .unwrap()
            .contact
            .unwrap()
            .publish_email
    );
}
