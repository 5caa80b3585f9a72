//! README.txt: for an officer who has never heard of Casebook, in plain words, with the exact
//! commands to check the pack using tools they already have.

use super::format::Manifest;

/// The README for a pack with this manifest (everything it states is also in the manifest),
/// which holds `breaches.csv` when `breaches` is set.
pub(crate) fn readme(m: &Manifest, breaches: bool) -> String {
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
    let breaches = if breaches {
        "  breaches.csv     the breach schedule as a spreadsheet: one row per breach of an\n                   order's terms, with its date, term, exhibits and police reference.\n"
    } else {
        ""
    };
    let for_advocate = if m.recipient == "advocate" { advocate_section(&m.fingerprint) } else { String::new() };
    format!(
        "\
CASEBOOK EVIDENCE PACK
======================
{for_advocate}
This folder (or ZIP file) is an evidence pack made with Casebook, a diary in which a person
being stalked or harassed records what happens to them. It was made for {who} on
{exported} (UTC) and contains:

  report.pdf       the report: chronology, pattern summary, every entry in full,
                   exhibit list, continuity log. Start here.
  exhibits/        {exhibits} exhibit file(s), named by exhibit mark (AB_1 is exhibit AB/1).
                   Originals are exactly the files the person stored, byte for byte.
  entries.json     the same entries as plain JSON, with every revision.
{breaches}  ledger.json      the diary's tamper-evident record (a hash chain) - see below.
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

A signature proves only that whoever holds this key made the pack: anyone can rewrite a
pack, make a key of their own and sign it again, and every check below still passes. The
pack is the person's only if this fingerprint is the one on their key card (or the one
their Casebook app shows in Settings, seen in person). Compare it before relying on the
pack; give it to the checker: casebook verify --expect-fingerprint \"FINGERPRINT\" PACK.zip

Get the checker yourself
------------------------
Use a copy of the casebook program, or of verify.html, that you obtained independently and
trust: not only the verify.html inside this pack, and not one sent by the person who made
it. A forged pack can carry a forged checker that says VALID.

How to check the pack (Linux, macOS, or Windows with WSL or Git Bash)
----------------------------------------------------------------------
1. Unzip the pack and open a terminal in the unzipped folder.

2. Check that no file was changed since the pack was made:

       sha256sum -c SHA256SUMS

   Every line must end in \"OK\". (On macOS: shasum -a 256 -c SHA256SUMS)

3. Check the signature (OpenSSL 3.0 or later):

       openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig

   It must print \"Signature Verified Successfully\". Then compare the fingerprint above with
   the person's key card.

4. Check the hash chain, each disclosed record and each exhibit against its record:

       casebook verify --expect-fingerprint \"FINGERPRINT FROM THE KEY CARD\" PACK.zip

   or open your own copy of verify.html in a web browser (Chrome, Edge or Firefox; no
   internet connection is needed or used), type the fingerprint from the key card, then
   drop the ZIP file onto the page. It reports \"VALID\" only if every check passed and
   the key is the expected one, or says exactly what does not match.

What each check can and cannot detect
-------------------------------------
  SHA256SUMS       detects a file damaged or changed by someone who did not also rewrite
                   SHA256SUMS. Proves nothing on its own: anyone can rewrite it.
  signature        detects any change to manifest.json (which lists every file's SHA-256)
                   by someone without the key. Says nothing about who holds the key.
  fingerprint      ties the key to the person: only a match with their key card (or a
                   witness code they sent you earlier) shows the pack came from their diary.
  chain            detects a record changed, removed, inserted or re-ordered anywhere before
                   the newest record in the pack. It cannot detect the newest records being
                   cut off: that is caught only against a witness code, a trusted timestamp
                   or a later pack that reaches further.
  records          detects a disclosed record, or entries.json, differing from what the
                   diary committed to when the record was written.
  exhibits         detects an exhibit that is not byte for byte the file the diary stored.
  times            detects records whose written-down times go backwards. The times come
                   from the person's own computer clock: the chain shows the order things
                   were written in, not that the clock was right.
  withheld         withheld records are present only as hashes: the pack proves they exist
                   and were not changed, not what they say.

Exhibit marks
-------------
Exhibit marks are the person's initials and a number: file exhibits/{initials}_1 is exhibit
{initials}/1 (a slash cannot be used in a file name). Numbers run 1, 2, 3 ... within this pack,
without gaps, in the order the incidents happened; exhibits listed but not included come last.
The same file may have another number in another pack: manifest.json and entries.json give
each mark's attachment_id, the diary's own number for the file, which is the same in every pack.

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

/// The advocate's own section, first in their pack's README (issue 16): what they have, how to
/// check it came from the person, what to do with it. Plain words; the police steps follow.
fn advocate_section(fingerprint: &str) -> String {
    format!(
        "
FOR THE SUPPORT ADVOCATE
------------------------
What you have: the evidence pack of someone who is being stalked or harassed and keeps a
diary of it in Casebook. They chose which entries to share with you; the report, the entries
and their photos and files are in this pack, signed by their diary when it was made.

How to check it came from them: ask the person for the fingerprint on their key card (or
have them read it to you from Casebook's Settings, in person or by phone) and compare it
with this pack's:

    {fingerprint}

If they sent you a witness code earlier (like W-214-ABCD-EFGH-IJKL-MNOP-QRST), type it into
the page you opened this pack with, or give it to casebook verify --witness; a match shows
the records up to its number existed, unchanged, when they sent it. Without either, the
checks show only that the pack is intact, not who made it.

What to do with it: Keep the file you were sent as it is (the web page, or the encrypted
file): it is the evidence; do not edit it. If the person reports to the police,
give the police this ZIP (the page's \"Save the pack (.zip)\" button saves it), on a USB
stick or through their upload portal, with the fingerprint above. It is no longer locked:
keep it where only you can open it. The rest of this file tells the police how to check it.
"
    )
}
