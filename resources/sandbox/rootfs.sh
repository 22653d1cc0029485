#!/bin/sh
# The sandbox base image's root filesystem, made locally with no container registry: a minimal
# Debian bookworm (debootstrap --variant=minbase) written to stdout as a tar stream, for
# `docker import`. Needs root and debootstrap (Debian package `debootstrap`). Progress goes to stderr.
#   sh rootfs.sh [SUITE] [MIRROR] > rootfs.tar
set -eu

[ "$(id -u)" -eq 0 ] || { echo "E: building the sandbox root filesystem needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "E: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

suite=${1:-bookworm}
mirror=${2:-http://deb.debian.org/debian}
root=$(mktemp -d "${TMPDIR:-/tmp}/dockhand-rootfs.XXXXXX")
# --one-file-system: if debootstrap died with /proc or /sys still mounted inside, leave the host's alone.
cleanup() {
  for m in dev/pts proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# ca-certificates: HTTPS for package managers; bash, coreutils, findutils, grep are already in minbase.
debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror" >&2

# The same sources a Debian image has (updates and security fixes), emptied of what debootstrap fetched.
cat > "$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
rm -rf "${root:?}"/var/lib/apt/lists/* "${root:?}"/var/cache/apt/*.bin "${root:?}"/var/cache/apt/archives/*.deb \
  "${root:?}"/var/log/* "${root:?}"/tmp/* "${root:?}"/dev/*

echo "I: writing the root filesystem" >&2
tar -C "$root" --numeric-owner -c .
