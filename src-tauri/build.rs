//! Generates an allow/deny permission for each of our commands, so the capability file can
//! grant exactly these and nothing else (commands not listed there are refused).

/// Every IPC command the shell exposes. Keep in step with `commands::handler()`.
const COMMANDS: &[&str] = &[
    "open_channel",
    "sealed",
    "app_status",
    "create_vault",
    "unlock",
    "unlock_with_recovery_key",
    "lock",
    "quick_exit",
    "touch",
    "vault_info",
    "list_entries",
    "diary_page",
    "weekly_counts",
    "pattern_summary",
    "get_entry",
    "get_entry_summary",
    "add_entry",
    "revise_entry",
    "retract_entry",
    "get_case",
    "change_case",
    "person_page",
    "attach_bytes",
    "attach_path",
    "get_settings",
    "set_settings",
    "check_vault",
    "change_passphrase",
    "new_recovery_key",
    "rekey",
    "migration_offer",
    "migrate_vault",
    "backup_vault",
    "export_preview",
    "export_pack",
    "verify_pack",
    "read_recipient_card",
    "remembered_recipients",
    "make_recipient_card",
    "save_key_card",
    "record_key_card_given",
    "key_cards_given",
    "make_witness_code",
    "record_witness_shared",
    "witness_shares",
    "import_preview",
    "import_file",
    "add_identifiers",
    "match_identifier",
    "cancel_job",
    "copy_text",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
