//! The IPC commands: each a few lines that call casebook-core. No logic lives here.

pub mod anchors;
pub mod attachments;
pub mod case;
pub mod channel;
pub mod clipboard;
pub mod diary;
pub mod effects;
pub mod export;
pub mod import;
pub mod job;
pub mod maintenance;
pub mod migrate;
pub mod orders;
pub mod session;
pub mod settings;
pub mod verify;

/// Every command, for the builder. Keep in step with build.rs `COMMANDS`.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        channel::open_channel,
        channel::sealed,
        session::app_status,
        session::create_vault,
        session::unlock,
        session::unlock_with_recovery_key,
        session::lock,
        session::quick_exit,
        session::touch,
        session::vault_info,
        diary::list_entries,
        diary::diary_page,
        diary::weekly_counts,
        diary::pattern_summary,
        diary::get_entry,
        diary::get_entry_summary,
        diary::add_entry,
        diary::revise_entry,
        diary::retract_entry,
        case::get_case,
        case::change_case,
        case::person_page,
        case::match_identifier,
        orders::list_orders,
        orders::add_order,
        orders::serve_order,
        orders::vary_order,
        orders::discharge_order,
        orders::breach_suggestions,
        orders::entry_breaches,
        orders::mark_breach,
        orders::unmark_breach,
        effects::list_effects,
        effects::note_effect,
        effects::withdraw_effect,
        attachments::attach_bytes,
        attachments::attach_path,
        settings::get_settings,
        settings::set_settings,
        maintenance::check_vault,
        maintenance::change_passphrase,
        maintenance::new_recovery_key,
        maintenance::rekey,
        migrate::migration_offer,
        migrate::migrate_vault,
        maintenance::backup_vault,
        export::export_preview,
        export::write_statement,
        export::export_pack,
        verify::verify_pack,
        export::read_recipient_card,
        export::remembered_recipients,
        export::make_recipient_card,
        anchors::save_key_card,
        anchors::record_key_card_given,
        anchors::key_cards_given,
        anchors::make_witness_code,
        anchors::record_witness_shared,
        anchors::witness_shares,
        import::import_preview,
        import::import_file,
        import::add_identifiers,
        job::cancel_job,
        clipboard::copy_text,
    ]
}
