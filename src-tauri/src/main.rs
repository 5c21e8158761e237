//! Accord's desktop shell: one window over `accord-app`. Each command below only unlocks
//! the session and forwards the call; no rule and no SQL live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod closing;
mod engine;

use std::path::PathBuf;
use std::sync::Mutex;

use accord_app::{AppError, AppResult, DirectorySearch, NewDecision, Session, pipeline, sync};
use tauri::{Manager, State};
use tauri_plugin_dialog::DialogExt;

type Shared<'a> = State<'a, Mutex<Session>>;

fn with<T>(state: &Shared<'_>, f: impl FnOnce(&mut Session) -> AppResult<T>) -> AppResult<T> {
    let mut session = state.lock().map_err(|_| {
        AppError::new(
            "internal",
            "Accord hit a problem; please restart it. Your work is saved.",
        )
    })?;
    f(&mut session)
}

macro_rules! commands {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $out:ty = |$s:ident| $body:expr;)*) => {
        $(
            #[tauri::command]
            fn $name(state: Shared<'_>, $($arg: $ty),*) -> AppResult<$out> {
                with(&state, |$s| $body)
            }
        )*
    };
}

commands! {
    vocabulary() -> accord_app::Vocabulary = |_s| Ok(accord_app::vocabulary());
    start() -> accord_app::StartView = |s| s.start();
    set_me(name: String, organisation: String) -> serde_json::Value = |s| s.set_me(&name, &organisation).map(json);
    create_workspace(path: String, title: String) -> accord_app::OverviewView = |s| s.create(&PathBuf::from(path), &title);
    open_workspace(path: String) -> accord_app::OverviewView = |s| s.open(&PathBuf::from(path));
    close_workspace() -> () = |s| { s.close(); Ok(()) };
    open_workspace_read_only(path: String) -> accord_app::OverviewView = |s| s.open_read_only(&PathBuf::from(path));
    take_over_workspace(path: String) -> accord_app::OverviewView = |s| s.take_over(&PathBuf::from(path));
    workspace_read_only() -> Option<String> = |s| Ok(s.read_only());
    changed_elsewhere() -> bool = |s| s.changed_elsewhere();
    overview() -> accord_app::OverviewView = |s| s.overview();
    set_project_field(field: String, value: String) -> serde_json::Value = |s| s.set_project_field(&field, &value).map(json);
    agreement() -> accord_app::AgreementView = |s| s.agreement();
    write_section(key: String, body: String, version: Option<String>) -> accord_app::SectionView = |s| s.write_section_over(&key, &body, version.as_deref());
    set_section_status(key: String, status: String) -> accord_app::SectionView = |s| s.set_section_status(&key, &status);
    add_section(key: String, title: String) -> accord_app::AgreementView = |s| s.add_section(&key, &title);
    set_agreement_status(status: String) -> accord_app::AgreementView = |s| s.set_agreement_status(&status);
    reopen_agreement() -> accord_app::AgreementView = |s| s.reopen_agreement();
    set_agreement_field(field: String, value: String) -> accord_app::AgreementView = |s| s.set_agreement_field(&field, &value);
    raci() -> accord_app::RaciView = |s| s.raci();
    set_cell(activity: String, party: String, roles: String) -> accord_app::CellChange = |s| s.set_cell(&activity, &party, &roles);
    add_activity(name: String, description: String) -> serde_json::Value = |s| s.add_activity(&name, &description).map(json);
    remove_activity(activity: String) -> serde_json::Value = |s| s.remove_activity(&activity).map(json);
    decisions(status: String, tag: String, offset: u32, limit: u32) -> accord_app::DecisionListView = |s| s.decisions(&status, &tag, offset, limit);
    decision(decision: String) -> accord_app::DecisionView = |s| s.decision(&decision);
    record_decision(decision: NewDecision) -> serde_json::Value = |s| s.record_decision(decision).map(json);
    set_decision_field(decision: String, field: String, value: String) -> serde_json::Value = |s| s.set_decision_field(&decision, &field, &value).map(json);
    set_decision_status(decision: String, status: String) -> serde_json::Value = |s| s.set_decision_status(&decision, &status).map(json);
    handover_notes() -> accord_app::HandoverListView = |s| s.handover_notes();
    start_handover(role: String, holder: String) -> serde_json::Value = |s| s.start_handover(&role, &holder).map(json);
    set_handover_field(note: String, field: String, value: String) -> serde_json::Value = |s| s.set_handover_field(&note, &field, &value).map(json);
    parties() -> accord_app::PartiesView = |s| s.parties();
    add_person(name: String, organisation: String, job_title: String, email: String) -> serde_json::Value = |s| s.add_person(&name, &organisation, &job_title, &email).map(json);
    set_person_field(person: String, field: String, value: String) -> serde_json::Value = |s| s.set_person_field(&person, &field, &value).map(json);
    remove_person(person: String) -> serde_json::Value = |s| s.remove_person(&person).map(json);
    add_organisation(name: String, kind: String, role: String, gss_code: String) -> serde_json::Value = |s| s.add_organisation(&name, &kind, &role, &gss_code).map(json);
    set_organisation_field(organisation: String, field: String, value: String) -> serde_json::Value = |s| s.set_organisation_field(&organisation, &field, &value).map(json);
    remove_organisation(organisation: String) -> serde_json::Value = |s| s.remove_organisation(&organisation).map(json);
    import_register(path: String, codes: String, nation: String, role: String) -> serde_json::Value = |s| s.import_register(&PathBuf::from(path), &codes, &nation, &role).map(json);
    history(limit: u32) -> serde_json::Value = |s| s.history(limit).map(json);
    search(words: String) -> serde_json::Value = |s| s.search(&words).map(json);
    export_json(path: String, overwrite: bool) -> u64 = |s| s.export_json(&PathBuf::from(path), overwrite);
    import_json(bundle: String, path: String) -> accord_app::OverviewView = |s| s.import_json(&PathBuf::from(bundle), &PathBuf::from(path));
    export_pdf(document: String, path: String, overwrite: bool) -> serde_json::Value = |s| s.export_pdf(&document, &PathBuf::from(path), overwrite).map(json);
    export_office(document: String, path: String, overwrite: bool) -> accord_app::OfficeExport = |s| s.export_office(&document, &PathBuf::from(path), overwrite);
    preview_raci_import(path: String) -> accord_app::RaciImportView = |s| s.preview_raci_import(&PathBuf::from(path));
    import_raci(path: String, preview: String) -> accord_app::RaciImportView = |s| s.import_raci(&PathBuf::from(path), &preview);
    preview_agreement_import(path: String) -> accord_app::AgreementImportView = |s| s.preview_agreement_import(&PathBuf::from(path));
    import_agreement(path: String, preview: String) -> accord_app::AgreementImportView = |s| s.import_agreement(&PathBuf::from(path), &preview);
    signoffs() -> serde_json::Value = |s| s.signoffs().map(json);
    record_signoff(pdf: String, by: String, method: String, on: String, note: String) -> serde_json::Value = |s| s.record_signoff(&PathBuf::from(pdf), &by, &method, &on, &note).map(json);
    pipeline_settings() -> serde_json::Value = |s| s.pipeline().map(json);
    set_pipeline_server(url: String, token: String) -> serde_json::Value = |s| s.set_pipeline_server(&url, &token).map(json);
    forget_pipeline_server() -> serde_json::Value = |s| s.forget_pipeline_server().map(json);
    listing_preview(contact: String) -> serde_json::Value = |s| s.listing_preview(&contact).map(json);
    sync_status() -> serde_json::Value = |s| s.sync_status().map(json);
    conflicts() -> serde_json::Value = |s| s.conflicts().map(json);
    conflict(id: String) -> serde_json::Value = |s| s.conflict(&id).map(json);
    resolve_conflict(id: String, choice: String, text: String) -> serde_json::Value = |s| s.resolve(&id, &choice, &text).map(json);
}

/// Commands that talk to the Pipeline server. Tauri runs plain commands on the main thread,
/// so these are `async` and do their work on a blocking thread: the window never waits for
/// the network. `accord-app` locks the session only around reading and storing, never
/// while a request is in flight.
macro_rules! network_commands {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $out:ty = |$s:ident| $body:expr;)*) => {
        $(
            #[tauri::command]
            async fn $name(app: tauri::AppHandle, $($arg: $ty),*) -> AppResult<$out> {
                tauri::async_runtime::spawn_blocking(move || {
                    let state = app.state::<Mutex<Session>>();
                    let $s: &Mutex<Session> = &state;
                    $body
                })
                .await
                .map_err(|_| AppError::new("internal", "Accord hit a problem talking to the Pipeline server; please try again."))?
            }
        )*
    };
}

network_commands! {
    publish_listing(contact: String) -> serde_json::Value = |s| pipeline::publish(s, &contact).map(json);
    directory_search(search: DirectorySearch) -> serde_json::Value = |s| pipeline::search(s, &search).map(json);
    directory_listing(listing: String) -> serde_json::Value = |s| pipeline::listing(s, &listing).map(json);
    watch_listing(listing: String) -> serde_json::Value = |s| pipeline::watch(s, &listing).map(json);
    subscribe_tags(tags: String) -> serde_json::Value = |s| pipeline::subscribe(s, &tags).map(json);
    pipeline_feed() -> serde_json::Value = |s| pipeline::feed(s).map(json);
    join_listing(listing: String, message: String) -> serde_json::Value = |s| pipeline::join(s, &listing, &message).map(json);
    post_status_update(text: String) -> serde_json::Value = |s| pipeline::post_status(s, &text).map(json);
    join_requests() -> serde_json::Value = |s| pipeline::join_requests(s).map(json);
    accept_join(request: String) -> serde_json::Value = |s| pipeline::answer_join(s, &request, true).map(json);
    decline_join(request: String) -> serde_json::Value = |s| pipeline::answer_join(s, &request, false).map(json);
    sync_now() -> serde_json::Value = |s| sync::sync_now(s).map(json);
    share_workspace() -> serde_json::Value = |s| sync::share(s).map(json);
    sync_members() -> serde_json::Value = |s| sync::members(s).map(json);
    admit_member(organisation: String, role: String) -> serde_json::Value = |s| sync::admit(s, &organisation, &role).map(json);
    remove_member(organisation: String) -> serde_json::Value = |s| sync::remove(s, &organisation).map(json);
    shared_projects() -> serde_json::Value = |s| sync::shared_projects(s).map(json);
    open_shared(project: String, path: String) -> accord_app::OverviewView = |s| sync::open_shared(s, &project, &PathBuf::from(path));
}

fn json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).expect("records serialise")
}

/// Asks where to open or save a file, with the system's own dialog. Runs off the main
/// thread (async), as blocking dialogs must. `None` when the user cancels.
#[tauri::command]
async fn choose_file(app: tauri::AppHandle, purpose: String) -> Option<String> {
    let dialog = app.dialog().file();
    let picked = match purpose.as_str() {
        "open" => dialog
            .add_filter("Accord workspace", &["accord"])
            .blocking_pick_file(),
        "create" => dialog
            .add_filter("Accord workspace", &["accord"])
            .set_file_name("project.accord")
            .blocking_save_file(),
        "clone" => dialog
            .add_filter("Accord workspace", &["accord"])
            .set_file_name("shared-project.accord")
            .blocking_save_file(),
        "export_json" => dialog
            .add_filter("JSON document", &["json"])
            .set_file_name("workspace.json")
            .blocking_save_file(),
        "export_pdf" => dialog
            .add_filter("PDF document", &["pdf"])
            .set_file_name("document.pdf")
            .blocking_save_file(),
        "export_docx" => dialog
            .add_filter("Word document", &["docx"])
            .set_file_name("agreement.docx")
            .blocking_save_file(),
        "export_xlsx" => dialog
            .add_filter("Excel workbook", &["xlsx"])
            .set_file_name("raci.xlsx")
            .blocking_save_file(),
        "export_ics" => dialog
            .add_filter("Calendar", &["ics"])
            .set_file_name("dates.ics")
            .blocking_save_file(),
        "signed_pdf" => dialog
            .add_filter("PDF document", &["pdf"])
            .blocking_pick_file(),
        "import_json" => dialog
            .add_filter("JSON document", &["json"])
            .blocking_pick_file(),
        "import_sheet" => dialog
            .add_filter("Spreadsheet", &["xlsx", "csv"])
            .blocking_pick_file(),
        "import_docx" => dialog
            .add_filter("Word document", &["docx"])
            .blocking_pick_file(),
        "register" => dialog
            .add_filter("CSV register", &["csv"])
            .blocking_pick_file(),
        _ => None,
    };
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

fn main() {
    let mut session = match Session::for_this_user() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("accord: {e}");
            std::process::exit(2);
        }
    };
    // A double-clicked workspace arrives as the first argument: open it before the page asks.
    if let Some(path) = std::env::args().nth(1).filter(|a| !a.starts_with('-')) {
        session.open_at_launch(&PathBuf::from(&path));
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Mutex::new(session))
        .manage(closing::Closing::default())
        .on_window_event(closing::on_window_event)
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                engine::tune(&window);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            vocabulary,
            start,
            set_me,
            create_workspace,
            open_workspace,
            close_workspace,
            open_workspace_read_only,
            take_over_workspace,
            workspace_read_only,
            changed_elsewhere,
            overview,
            set_project_field,
            agreement,
            write_section,
            set_section_status,
            add_section,
            set_agreement_status,
            reopen_agreement,
            set_agreement_field,
            raci,
            set_cell,
            add_activity,
            remove_activity,
            decisions,
            decision,
            record_decision,
            set_decision_field,
            set_decision_status,
            handover_notes,
            start_handover,
            set_handover_field,
            parties,
            add_person,
            set_person_field,
            remove_person,
            add_organisation,
            set_organisation_field,
            remove_organisation,
            import_register,
            history,
            search,
            export_json,
            import_json,
            export_pdf,
            export_office,
            preview_raci_import,
            import_raci,
            preview_agreement_import,
            import_agreement,
            signoffs,
            record_signoff,
            choose_file,
            pipeline_settings,
            set_pipeline_server,
            forget_pipeline_server,
            listing_preview,
            publish_listing,
            directory_search,
            directory_listing,
            watch_listing,
            subscribe_tags,
            pipeline_feed,
            join_listing,
            post_status_update,
            join_requests,
            accept_join,
            decline_join,
            sync_status,
            conflicts,
            conflict,
            resolve_conflict,
            sync_now,
            share_workspace,
            sync_members,
            admit_member,
            remove_member,
            shared_projects,
            open_shared,
            closing::answer_close
        ])
        .run(tauri::generate_context!())
        .expect("the Accord window could not start");
}
