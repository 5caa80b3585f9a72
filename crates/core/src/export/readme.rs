//! README.txt: for an officer who has never heard of Casebook, in plain words, with the exact
//! commands to check the pack using tools they already have.

use super::format::Manifest;

/// The README for a pack with this manifest (everything it states is also in the manifest).
pub(crate) fn readme(m: &Manifest) -> String {
    let c = &m.counts;
    let who = if m.recipient == "advocate" { "a support advocate" } else { "the police" };
    let derived = if c.derived_exhibits > 0 {
        format!(
            "\n{} exhibit file(s) are copies with the photo's location data removed, marked with an\n\
             extra _1 (for example AB_3_1). The original's SHA-256 is listed beside each copy in\n\
             entries.json and in the report; the original itself is not in this pack.\n",
            c.derived_exhibits
        )
    } else {
        String::new()
    };
    format!(
        "\
CASEBOOK EVIDENCE PACK
======================

This folder (or ZIP file) is an evidence pack made with Casebook, a diary in which a person
being stalked or harassed records what happens to them. It was made for {who} on
{exported} (UTC) and contains:

  report.pdf       the report: chronology, pattern summary, every entry in full,
                   exhibit list, continuity log. Start here.
  exhibits/        {exhibits} exhibit file(s), named by exhibit mark (AB_1 is exhibit AB/1).
                   Originals are exactly the files the person stored, byte for byte.
  entries.json     the same entries as plain JSON, with every revision.
  ledger.json      the diary's tamper-evident record (a hash chain) - see below.
  manifest.json    what the pack holds, with the SHA-256 of every file.
  manifest.sig     the diary's digital signature (Ed25519) over manifest.json.
  public-key.pem   the key that checks that signature.
  SHA256SUMS       SHA-256 of every file, for the sha256sum tool.
  verify.html      a page that checks everything in a web browser, offline.
{derived}
What the pack proves
--------------------
Every change the person ever made to their diary (each entry, each correction with its
reason, each withdrawal, each attached file) is a numbered record in a hash chain: each
record's hash covers the one before it, so no record can be changed, removed, re-ordered
or back-dated without breaking every hash after it. The pack carries the whole chain
({records} records, up to record {head_seq}). The {disclosed} records about the entries
chosen for this pack are included in full; {withheld} other record(s) are withheld (only
their hashes are included, so the chain still checks, but their content is not part of
this pack){purged}. Nothing is silently missing: the report states these numbers too.

Each record has two times: when the incident happened (as the person gave it) and when it
was written down (the diary's clock at the moment it was saved). The report shows both and
the gap between them.

The diary's signing key has this fingerprint (SHA-256 of the public key):

    {fingerprint}

Ask the person to show you the fingerprint in their Casebook app (Settings), or compare it
with one you received separately: if it matches, this pack was signed by their diary.

How to check the pack (Linux, macOS, or Windows with WSL or Git Bash)
----------------------------------------------------------------------
1. Unzip the pack and open a terminal in the unzipped folder.

2. Check that no file was changed since the pack was made:

       sha256sum -c SHA256SUMS

   Every line must end in \"OK\". (On macOS: shasum -a 256 -c SHA256SUMS)

3. Check the signature (OpenSSL 3.0 or later):

       openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig

   It must print \"Signature Verified Successfully\". Then compare the fingerprint above with
   the one the person shows you.

4. Check the hash chain, each disclosed record and each exhibit against its record: open
   verify.html in a web browser (Chrome, Edge or Firefox; no internet connection is
   needed or used), then drop the ZIP file onto the page or pick it with the button. It
   reports \"VALID\" or says exactly what does not match. Casebook's command line does the
   same checks:

       casebook verify PACK.zip

The three checks must agree. Step 2 alone does not prove much (anyone could rewrite the
SHA256SUMS file); steps 3 and 4 do.

Exhibit marks
-------------
Exhibit marks are the person's initials and a number: file exhibits/{initials}_1 is exhibit
{initials}/1 (a slash cannot be used in a file name). Numbers follow the order in which files
were added to the diary, so a mark stays the same in every pack the person makes; gaps are
exhibits that belong to entries not chosen for this pack.

Pack format: {format}, made by {tool}.
Vault id: {vault_id}
Chain head: record {head_seq}, link {head_link}
",
        exported = m.exported_at.format("%-d %B %Y at %H:%M"),
        exhibits = c.exhibits,
        records = c.records,
        head_seq = m.head.seq,
        head_link = m.head.link,
        disclosed = c.disclosed_records,
        withheld = c.withheld_records,
        purged = if c.purged_records > 0 {
            format!(
                ", and {} record(s) were erased by the person (\"purged\"): their content no longer exists, \
                 but their place in the chain does",
                c.purged_records
            )
        } else {
            String::new()
        },
        fingerprint = m.fingerprint,
        initials = m.exhibits.first().and_then(|e| e.mark.split('_').next()).unwrap_or("AB"),
        format = m.format,
        tool = m.tool,
        vault_id = m.vault_id,
    )
}
