# Casebook: the two commands a new machine needs.
#
#   make run    install what is missing, build, and open the Casebook app on your vault
#   make test   install what is missing, then formatting, lints and every test (what CI runs)
#
# Also: make package (the .deb), make package-test (that .deb installed into a clean Debian 12),
# make package-windows (the Windows installer, cross-built and checked under Wine),
# make demo (the command-line tool on a throw-away vault), make bench (performance figures
# beside same-run baselines), make fuzz (the fuzzers at length), make soak (the crash and fault
# harnesses at length), make deps, make clean-cache.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Build outside the work tree, shared by every checkout on this machine.
CARGO_TARGET_DIR ?= $(HOME)/.cache/casebook/target
export CARGO_TARGET_DIR
# rustup installs into ~/.cargo/bin, which a non-login shell may not have on its PATH.
export PATH := $(HOME)/.cargo/bin:$(PATH)
export DEBIAN_FRONTEND := noninteractive

# Debian/Ubuntu packages the build and the tests need.
APT_PACKAGES := build-essential pkg-config libssl-dev
# The desktop app (src-tauri, a workspace member): WebKitGTK to build it, Xvfb and the WebKit
# WebDriver to test it headless.
APT_PACKAGES += libwebkit2gtk-4.1-dev xvfb xauth webkit2gtk-driver
# xwininfo: the end-to-end tests ask the X server whether quick exit really hid the window.
APT_PACKAGES += x11-utils
# xdotool and xwd (x11-apps): the shipped-app canary (tests/e2e/canary.rs) drives the app built as
# shipped, without WebDriver, with the mouse and keyboard, and photographs each step.
APT_PACKAGES += xdotool x11-apps
# What a screen reader gets (tests/e2e/atspi.rs): a D-Bus session and the AT-SPI bus for the app, and
# Debian's python3 with pyatspi to walk the window's accessibility tree (tests/atspi/walk.py).
APT_PACKAGES += dbus-daemon at-spi2-core python3-pyatspi gir1.2-atspi-2.0
# The same python3 with GTK reads and holds the X clipboard for the quick-exit test
# (tests/clipboard/clip.py); dbus-daemon above also gives the one-instance test its bus.
APT_PACKAGES += python3-gi gir1.2-gtk-3.0
# gdb (gcore): for looking into a locked app by hand (tests/e2e/memory.rs reads /proc/PID/mem itself).
APT_PACKAGES += gdb
# The evidence-pack tests check packs the way an outsider would: sha256sum (coreutils), openssl,
# unzip/zip, qpdf, pdftotext (poppler-utils), the age tool, and verify.html in headless Chromium.
APT_PACKAGES += openssl unzip zip qpdf poppler-utils age chromium
# zbarimg (zbar-tools): a QR reader, as a phone would be, for the recipient card's QR code on its
# printed page (crates/core/tests/recipient_card_page.rs) and on the app's screen (tests/e2e/recipient.rs).
APT_PACKAGES += zbar-tools
# HEIC/HEIF photos (an iPhone's default): libheif to build casebook-core's thumbnails and full-size
# view against (Debian 12 has 1.15; see docs/ARCHITECTURE.md for the pinned binding).
# libheif-examples: heif-enc, with which crates/core/tests/fixtures/heic/ was made.
APT_PACKAGES += libheif-dev libheif-examples
# Media that plays (WebKitGTK plays through GStreamer): plugins-base for Ogg, Vorbis and Opus,
# plugins-good for WAV, MP3 (mpg123), MP4/M4A and Matroska/WebM containers, libav for AAC
# (voice memos, .m4a), AMR-NB (older phones' voicemail) and H.264 video. The e2e test plays a
# WAV and an OGG through them.
APT_PACKAGES += gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
# chromedriver: the advocate pack's page driven in headless Chromium like a person would (tests/e2e/advocate.rs:
# type the passphrase, open, screenshots).
APT_PACKAGES += chromium-driver
# pandoc: the draft witness statement (.docx) opened by a DOCX reader other than ours
# (crates/core/tests/statement.rs, crates/cli/tests/cli/statement.rs).
APT_PACKAGES += pandoc
# qemu-user and cjpeg (libjpeg-turbo-progs): the report's photos are drawn again by verify on
# processors with and without AVX2 (qemu's CPU models), from libjpeg's own JPEGs
# (crates/cli/tests/cli/pictures_cpu.rs).
APT_PACKAGES += qemu-user libjpeg-turbo-progs
RUST_COMPONENTS := clippy rustfmt
# The Windows leg of `make test` (tests/wine/test-windows.sh): mingw-w64's gcc drives the
# cross-build's links and builds the test-only ProcessPrng shim, Wine runs the Windows tests, and
# the Rust standard library for the Windows target is added to the toolchain.
APT_PACKAGES += gcc-mingw-w64-x86-64 wine64 python3
WINDOWS_TARGET := x86_64-pc-windows-gnu
# A hung Wine process must not hang CI: the whole Windows leg (a cold cross-build of 5 to 6
# minutes on 2 cores, the Wine run of 2 to 3) is stopped after this many seconds.
WINDOWS_TIMEOUT := 1800
# The Windows build's own target dir, so the Linux build stays warm (tests/wine/test-windows.sh
# uses the same place).
WINDOWS_TARGET_DIR ?= $(HOME)/.cache/casebook/target-windows
# Only for `make package-windows`: makensis (Tauri's own NSIS bundling downloads its helpers and
# cannot run here) and 7z, which lists and unpacks an NSIS installer for the test.
WINDOWS_PACKAGE_APT_PACKAGES := nsis p7zip-full
# Only for `make package` and `make package-test` (not CI's `make test`): help2man writes the
# casebook(1) man page from the CLI's --help; debootstrap makes the clean Debian 12 root the
# .deb is installed into.
PACKAGE_APT_PACKAGES := help2man debootstrap

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
CASEBOOK := $(CARGO_TARGET_DIR)/debug/casebook

# Tools the tests install for themselves, outside the checkout.
TOOLS_ROOT := $(HOME)/.cache/casebook/tools
export PATH := $(TOOLS_ROOT)/bin:$(PATH)
BINDINGS := ui/src/lib/ipc/bindings
# The end-to-end tests (tests/, every test name starts with e2e_) drive the real app; they run
# as their own `cargo test` step, under a time limit, so a hung webview cannot hang CI.
# Builds made for tests have the insecure test KDF (test vaults, CASEBOOK_INSECURE_TEST_KDF=1);
# what people run (make run, make demo, a release build) does not: it refuses such a vault.
TEST_FEATURES := --features test-kdf
E2E_FILTER := e2e_
E2E_TIMEOUT := 900
# The fuzzers and byte flips (crates/core/tests/fuzz.rs, byte_flips.rs) run as their own step so
# their tallies are printed; `make fuzz` runs them with many more inputs. Every test in them is
# named fuzz_..., so the workspace run can skip them.
FUZZ_TESTS := --test fuzz --test byte_flips
FUZZ_FILTER := fuzz_
# The durability harnesses (crates/cli/tests/durability: SIGKILLs, injected I/O faults, a full
# disk, two processes at once) run as their own step so their tallies are printed; `make soak`
# runs them on the release binary with 500+ kills and larger inputs. Every test in them is
# named durability_..., so the workspace run can skip them.
DURABILITY_FILTER := durability_

.PHONY: help deps ui e2e-tools run demo test test-windows package-windows fuzz soak bench package package-deps package-test clean-cache

# The .deb is built in its own target directory: `tauri build` compiles the app with Tauri's
# production feature (custom-protocol), which would otherwise rebuild the shared cache back and forth.
PACKAGE_TARGET_DIR := $(CARGO_TARGET_DIR)/package
# Debian packages the app and the CLI load (objdump -p: NEEDED), beyond the libwebkit2gtk-4.1-0
# and libgtk-3-0 Tauri adds itself.
DEB_DEPENDS := libc6 libgcc-s1 libglib2.0-0 libcairo2 libgdk-pixbuf-2.0-0 libsoup-3.0-0 libjavascriptcoregtk-4.1-0 libdbus-1-3
# libheif1: HEIC photos' thumbnails (the app links it). The GStreamer plugins: WebKitGTK plays
# recordings and video through them (WAV/OGG/WebM: base and good; AAC, MP3, AMR, H.264: libav).
# This list is the only one: the --config patch below replaces tauri.conf.json's deb depends.
DEB_DEPENDS += libheif1 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav

help:
	@echo "make run          build Casebook and open the app on your vault"
	echo "make demo         the command-line tool on a throw-away vault"
	echo "make test         formatting, lints and every test (what CI runs)"
	echo "make test-windows only the Windows leg of make test: the core and CLI test suites built for Windows and run under Wine, and one vault on both systems"
	echo "make bench        performance figures beside baselines measured in the same run"
	echo "make fuzz         the fuzzers and byte flips, far longer than make test runs them"
	echo "make soak         the crash, I/O-fault and two-writer harnesses at length (release build, 500+ kills)"
	echo "make package      the Debian package (.deb): the app, the casebook CLI, its man page, menu entry, icons"
	echo "make package-windows the Windows installer (casebook-app.exe and casebook.exe, cross-built), checked under Wine"
	echo "make package-test that .deb installed, started and removed in a clean Debian 12 root (root, debootstrap; ~4 min after make package)"
	echo "make clean-cache  remove the build cache ($(CARGO_TARGET_DIR))"

# $(call install_missing_debs,PACKAGES): apt-get installs those of PACKAGES not yet installed;
# a quick no-op when every one is there (deps and package-deps).
install_missing_debs = missing=""; \
	for p in $(1); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Installs only what is missing; a quick no-op when everything is there.
deps:
	@$(call install_missing_debs,$(APT_PACKAGES))
	for tool in cc pkg-config; do
	  command -v "$$tool" >/dev/null || { echo "error: '$$tool' is still missing after installing packages" >&2; exit 1; }
	done
	if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
	  echo "error: the Rust toolchain (rustup and cargo) is not installed." >&2
	  echo "       Install it from https://rustup.rs, then run this command again." >&2
	  exit 1
	fi
	installed=$$(rustup component list --installed)
	for c in $(RUST_COMPONENTS); do
	  grep -q "^$$c" <<<"$$installed" || { echo "==> rustup component add $$c"; rustup component add "$$c"; }
	done
	rustup target list --installed | grep -qx $(WINDOWS_TARGET) || { echo "==> rustup target add $(WINDOWS_TARGET)"; rustup target add $(WINDOWS_TARGET); }
	[ -f Cargo.lock ] || { echo "==> cargo generate-lockfile"; cargo generate-lockfile; }
	command -v npm >/dev/null || { echo "==> installing Node.js and npm"; $(SUDO) apt-get install -y -q --no-install-recommends nodejs npm; }

# The web UI: its own tests, then the build the desktop app embeds (ui/dist).
ui: deps
	@echo "==> ui: npm ci, npm test, npm run build"
	cd ui
	npm ci --no-audit --no-fund --loglevel=error
	npm test --silent
	npm run build --silent

# What the end-to-end tests drive the app with: tauri-driver (not packaged by Debian; built
# once, about a minute, into $(TOOLS_ROOT)) and axe-core (tests/package.json).
e2e-tools: deps
	@if [ ! -x "$(TOOLS_ROOT)/bin/tauri-driver" ]; then
	  echo "==> cargo install tauri-driver --version ^2 --locked --root $(TOOLS_ROOT)"
	  env -u CARGO_TARGET_DIR cargo install tauri-driver --version '^2' --locked --root "$(TOOLS_ROOT)" --quiet
	fi
	echo "==> npm ci --prefix tests (axe-core)"
	npm ci --prefix tests --no-audit --no-fund --loglevel=error

test: deps ui e2e-tools
	@echo "==> cargo fmt --all --check"
	cargo fmt --all --check
	echo "==> cargo clippy --workspace --all-targets --locked $(TEST_FEATURES) -- -D warnings"
	cargo clippy --workspace --all-targets --locked $(TEST_FEATURES) --quiet -- -D warnings
	echo "==> cargo clippy --workspace --locked -- -D warnings (what people run: no test KDF)"
	cargo clippy --workspace --locked --quiet -- -D warnings
	echo "==> the app as shipped, for the canary test: cargo build -p casebook-app --locked (no test KDF), kept as shipped/casebook-app"
	cargo build -p casebook-app --locked
	mkdir -p "$(CARGO_TARGET_DIR)/shipped"
	cp -f "$(CARGO_TARGET_DIR)/debug/casebook-app" "$(CARGO_TARGET_DIR)/shipped/casebook-app"
	echo "==> cargo build --workspace --all-targets --locked $(TEST_FEATURES)"
	cargo build --workspace --all-targets --locked $(TEST_FEATURES)
	echo "==> cargo test --workspace --locked $(TEST_FEATURES) (all but the end-to-end tests)"
	cargo test --workspace --locked $(TEST_FEATURES) -- --skip $(E2E_FILTER) --skip $(FUZZ_FILTER) --skip $(DURABILITY_FILTER)
	echo "==> without the test KDF: a marked vault is refused and the switch is not read"
	CASEBOOK_INSECURE_TEST_KDF=1 cargo test -p casebook-core --locked --test without_test_kdf
	echo "==> fuzzing and byte flips, short run (tallies below; make fuzz runs longer)"
	cargo test -p casebook-core --locked $(TEST_FEATURES) $(FUZZ_TESTS) -- --nocapture
	echo "==> durability: SIGKILLs, I/O faults, two processes, short run (tallies below; make soak runs longer)"
	cargo test -p casebook-cli --locked $(TEST_FEATURES) --test durability -- --nocapture
	echo "==> Windows: the core and CLI test suites cross-built for $(WINDOWS_TARGET) and run under Wine, and one vault on both systems (at most $(WINDOWS_TIMEOUT) s)"
	CARGO_TARGET_DIR="$(CARGO_TARGET_DIR)" WINDOWS_TARGET_DIR="$(WINDOWS_TARGET_DIR)" \
	  timeout --kill-after=30 $(WINDOWS_TIMEOUT) tests/wine/test-windows.sh
	echo "==> end to end: the desktop app under Xvfb (cargo test --workspace --locked $(TEST_FEATURES) -- $(E2E_FILTER)), at most $(E2E_TIMEOUT) s"
	echo "    screenshots: target/e2e-screens/"
	timeout --kill-after=30 $(E2E_TIMEOUT) cargo test --workspace --locked $(TEST_FEATURES) -- $(E2E_FILTER) --nocapture
	echo "==> the committed TypeScript bindings match the Rust types"
	if ! git diff --quiet -- $(BINDINGS) || [ -n "$$(git ls-files --others --exclude-standard -- $(BINDINGS))" ]; then
	  git status --short -- $(BINDINGS)
	  echo "error: $(BINDINGS) is stale: commit the regenerated files" >&2
	  exit 1
	fi

# The core and CLI on Windows (issue 19): casebook-memory, -crypto, -pack, -core and -cli
# cross-built for x86_64-pc-windows-gnu into their own target dir ($(HOME)/.cache/casebook/
# target-windows, so the Linux build stays warm), their test suites run under Wine 8 with the
# skip list and reasons printed, then a vault made on each system used on the other
# (tests/wine/cross-vault.sh, with the Linux CLI that `make test` builds). `make test` runs the
# same step after the Linux tests; this target runs it alone.
test-windows: deps
	@[ -x "$(CASEBOOK)" ] || cargo build -p casebook-cli --locked $(TEST_FEATURES)
	CARGO_TARGET_DIR="$(CARGO_TARGET_DIR)" WINDOWS_TARGET_DIR="$(WINDOWS_TARGET_DIR)" \
	  timeout --kill-after=30 $(WINDOWS_TIMEOUT) tests/wine/test-windows.sh

# The Windows installer (issue 19): casebook-app.exe (as shipped: release, Tauri's custom-protocol)
# and casebook.exe cross-built for x86_64-pc-windows-gnu with Debian's mingw-w64 into
# $(WINDOWS_TARGET_DIR), packed with WebView2Loader.dll by makensis from
# packaging/windows/casebook.nsi, then checked (packaging/windows/installer-test.sh): the
# installer's contents, the programs' imports, the UI bundle embedded, and an install, a vault and
# an uninstall under Wine. The app itself cannot run under Wine (no WebView2). Not part of `make
# test`: a cold release cross-build takes far longer than CI's budget (docs/ARCHITECTURE.md,
# "Windows").
package-windows: deps ui
	@$(call install_missing_debs,$(WINDOWS_PACKAGE_APT_PACKAGES))
	export CARGO_TARGET_DIR="$(WINDOWS_TARGET_DIR)"
	echo "==> cargo build --release --locked --target $(WINDOWS_TARGET) -p casebook-app -p casebook-cli --features casebook-app/custom-protocol ($$CARGO_TARGET_DIR)"
	start=$$(date +%s)
	cargo build --release --locked --target $(WINDOWS_TARGET) -p casebook-app -p casebook-cli --features casebook-app/custom-protocol
	echo "    built in $$(( $$(date +%s) - start )) s"
	rel="$$CARGO_TARGET_DIR/$(WINDOWS_TARGET)/release"
	version=$$(sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
	setup="$$rel/installer/Casebook-$$version-setup.exe"
	mkdir -p "$$rel/installer"
	echo "==> makensis packaging/windows/casebook.nsi"
	makensis -V2 -WX -DVERSION="$$version" -DOUTFILE="$$setup" -DAPP_EXE="$$rel/casebook-app.exe" \
	  -DCLI_EXE="$$rel/casebook.exe" -DLOADER_DLL="$$rel/WebView2Loader.dll" packaging/windows/casebook.nsi
	for f in "$$rel/casebook-app.exe" "$$rel/casebook.exe" "$$rel/WebView2Loader.dll" "$$setup"; do
	  echo "    $$f: $$(stat -c %s "$$f") bytes"
	done
	packaging/windows/installer-test.sh "$$setup" "$$rel/casebook-app.exe" "$$rel/casebook.exe" "$$rel/WebView2Loader.dll" ui/dist

# The long fuzzing run: CASEBOOK_FUZZ_ITERS inputs per target, CASEBOOK_FLIPS byte flips in a
# vault and in a pack, from CASEBOOK_FUZZ_SEED (a new seed each run unless given; printed, so a
# failure can be replayed). An input that fails is saved; the test output says where.
fuzz: deps
	@export CASEBOOK_FUZZ_ITERS=$${CASEBOOK_FUZZ_ITERS:-20000} CASEBOOK_FLIPS=$${CASEBOOK_FLIPS:-10000}
	export CASEBOOK_FUZZ_SEED=$${CASEBOOK_FUZZ_SEED:-$$(date +%s)}
	echo "==> fuzzing: $$CASEBOOK_FUZZ_ITERS inputs per target, $$CASEBOOK_FLIPS byte flips each, seed $$CASEBOOK_FUZZ_SEED"
	cargo test -p casebook-core --locked $(TEST_FEATURES) $(FUZZ_TESTS) -- --nocapture

# The long durability run: the release CLI SIGKILLed CASEBOOK_CRASH_KILLS times (a 64 MiB attachment,
# 100,000-text imports) by CASEBOOK_CRASH_JOBS harnesses side by side (one per core), from
# CASEBOOK_CRASH_SEED (a new seed each run unless given; printed); CASEBOOK_FAULT_POINTS injected
# faults per command and call kind; CASEBOOK_TWO_PROCESS_ADDS adds per writer in the two-process
# tests; CASEBOOK_MIGRATE_KILLS kills of `casebook migrate`. About an hour on 2 cores.
soak: deps
	@export CASEBOOK_CRASH_KILLS=$${CASEBOOK_CRASH_KILLS:-500} CASEBOOK_CRASH_ATTACH_MIB=$${CASEBOOK_CRASH_ATTACH_MIB:-64}
	export CASEBOOK_CRASH_JOBS=$${CASEBOOK_CRASH_JOBS:-2}
	export CASEBOOK_CRASH_SMS=$${CASEBOOK_CRASH_SMS:-100000} CASEBOOK_FAULT_POINTS=$${CASEBOOK_FAULT_POINTS:-12}
	export CASEBOOK_TWO_PROCESS_ADDS=$${CASEBOOK_TWO_PROCESS_ADDS:-300} CASEBOOK_MIGRATE_KILLS=$${CASEBOOK_MIGRATE_KILLS:-100}
	export CASEBOOK_CRASH_SEED=$${CASEBOOK_CRASH_SEED:-$$(date +%s)}
	echo "==> soak: $$CASEBOOK_CRASH_KILLS kills by $$CASEBOOK_CRASH_JOBS harnesses and $$CASEBOOK_MIGRATE_KILLS of migrate, seed $$CASEBOOK_CRASH_SEED (release build)"
	cargo test -p casebook-cli --release --locked $(TEST_FEATURES) --test durability -- --nocapture

# The desktop app is measured as shipped: a release build (the first one takes several minutes).
bench: deps ui e2e-tools
	@echo "==> cargo build --workspace --release --locked"
	cargo build --workspace --release --locked
	size=$$(stat -c %s "$(CARGO_TARGET_DIR)/release/casebook-app")
	verdict=$$([ "$$size" -le 25000000 ] && echo met || echo "NOT met")
	echo "release binary casebook-app: $$size bytes ($$((size / 1048576)) MiB); goal <= 25000000 bytes (25 MB): $$verdict"
	echo "==> cargo bench --workspace --bench '*' --locked $(TEST_FEATURES)"
	cargo bench --workspace --bench '*' --locked $(TEST_FEATURES)

package-deps: deps
	@$(call install_missing_debs,$(PACKAGE_APT_PACKAGES))

# The .deb: Tauri's bundler from npm (@tauri-apps/cli, pinned in packaging/package-lock.json;
# prebuilt, nothing compiled), with bundling switched on for this build only (tauri.conf.json keeps
# bundle.active false, so plain cargo builds are unchanged). The CLI goes to /usr/bin/casebook and
# its man page to casebook(1) through the deb's "files" map.
package: package-deps ui
	@export CARGO_TARGET_DIR="$(PACKAGE_TARGET_DIR)"
	echo "==> npm ci --prefix packaging (@tauri-apps/cli)"
	npm ci --prefix packaging --no-audit --no-fund --loglevel=error
	echo "==> cargo build --release --locked -p casebook-cli ($$CARGO_TARGET_DIR)"
	cargo build --release --locked -p casebook-cli
	rel="$$CARGO_TARGET_DIR/release"
	packaging/man.sh "$$rel/casebook" "$$rel/casebook.1.gz"
	depends=$$(printf '"%s",' $(DEB_DEPENDS))
	config=$$(printf '{"bundle":{"active":true,"targets":["deb"],"linux":{"deb":{"section":"utils","depends":[%s],"files":{"/usr/bin/casebook":"%s","/usr/share/man/man1/casebook.1.gz":"%s"}}}}}' \
	  "$${depends%,}" "$$rel/casebook" "$$rel/casebook.1.gz")
	echo "==> tauri build --bundles deb (release build of the app, then the .deb)"
	rm -rf -- "$$rel/bundle/deb"
	(cd src-tauri && ../packaging/node_modules/.bin/tauri build --ci --bundles deb --config "$$config")
	deb=$$(ls "$$rel"/bundle/deb/*.deb)
	echo "==> $$deb ($$(stat -c %s "$$deb") bytes; installed size $$(dpkg-deb -f "$$deb" Installed-Size) KiB)"
	dpkg-deb -f "$$deb" Package Version Architecture Depends

# The .deb on a clean Debian 12 root (debootstrap, chroot; see packaging/package-test.sh): apt
# installs it, the app starts from its menu entry to the unlock screen (photographed into
# target/e2e-screens/package-unlock.png), the CLI answers, and removing the package leaves the
# vault byte for byte. Not part of `make test`: it needs root and Debian's mirror, and takes
# about 4 minutes here (3 for apt inside the root; the first run adds ~70 s of debootstrap) on top
# of `make package` (a cold release build: ~20 minutes on 2 shared cores), so CI (.ci/run, 40 minutes
# for `make test`) does not run it.
package-test: package
	@deb=$$(ls "$(PACKAGE_TARGET_DIR)"/release/bundle/deb/*.deb)
	$(SUDO) env HOME="$$HOME" packaging/package-test.sh "$$deb" target/e2e-screens

clean-cache:
	@[ -n "$(CARGO_TARGET_DIR)" ] && [ "$(CARGO_TARGET_DIR)" != "/" ] || { echo "refusing to remove '$(CARGO_TARGET_DIR)'" >&2; exit 1; }
	echo "==> removing $(CARGO_TARGET_DIR)"
	rm -rf -- "$(CARGO_TARGET_DIR)"

# The desktop app on the default vault (CASEBOOK_VAULT or --vault-less: the platform data
# directory). On first run it asks for a passphrase and makes the vault.
run: deps ui
	@echo "==> cargo build --workspace --locked"
	cargo build --workspace --locked
	echo "==> starting Casebook (vault: $${CASEBOOK_VAULT:-the platform data directory})"
	exec "$(CARGO_TARGET_DIR)/debug/casebook-app"

# The command-line tool on a fresh vault in a temporary folder, removed after.
demo: deps ui
	@echo "==> cargo build --workspace --locked"
	cargo build --workspace --locked
	cb="$(CASEBOOK)"
	demo=$$(mktemp -d "$${TMPDIR:-/tmp}/casebook-demo.XXXXXX")
	trap 'rm -rf -- "$$demo"' EXIT
	(umask 077 && printf '%s\n' 'correct horse battery staple, demo only' >"$$demo/passphrase")
	cbv() { "$$cb" --vault "$$demo/vault.casebook" --passphrase-file "$$demo/passphrase" "$$@"; }
	if [ -t 1 ]; then bold=$$'\e[1m' plain=$$'\e[0m'; else bold= plain=; fi
	step() { printf '\n%s$$ casebook %s%s\n' "$$bold" "$$*" "$$plain"; }
	echo
	echo "Casebook demo: a throw-away vault in $$demo (deleted afterwards)."
	echo "It is built as people run it: a real vault, Argon2id at 256 MiB, so each step takes about"
	echo "a second to unlock."
	step init;                  cbv init
	step case set --initials AB; cbv case set --initials AB
	step 'case add-person --name "J. Doe" --phone +447700900123'
	cbv case add-person --name "J. Doe" --phone +447700900123
	step add --kind call ...
	call=$$(cbv add --kind call --title "Missed call from his number" --at "2026-11-20 21:14" \
	  --identifier +447700900123 --direction missed --person 1 \
	  --narrative "Third call tonight. I did not answer." | sed -n 1p)
	echo "$$call"
	step add --kind sighting ...
	sighting=$$(cbv add --kind sighting --title "Saw him outside work" --at "2026-11-21 08:40" \
	  --location "Outside the office" --person 1 \
	  --narrative "Standing across the road from the entrance for about ten minutes." | sed -n 1p)
	echo "$$sighting"
	step list;                   cbv list
	step show "$$call";          cbv show "$$call"
	step edit "$$sighting" --reason "..." --title "..."
	cbv edit "$$sighting" --reason "Remembered it was the side entrance" --title "Saw him by the side entrance of work"
	step show "$$sighting";      cbv show "$$sighting"
	step check;                  cbv check
	step info;                   cbv info
	echo
	echo "Demo finished; the temporary vault is removed. See README.md for using a real vault."
