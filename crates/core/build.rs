//! Build script: reruns when a migration is added.

// A new migration file must never be silently missing from a build.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
