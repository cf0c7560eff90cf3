#!/usr/bin/env bash
# The IMAP tests start Debian's Dovecot on a loopback port. Install it with apt-get when we can (root, Debian).
set -u
if command -v dovecot >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Dovecot (IMAP) for the IMAP tests (apt-get install dovecot-imapd)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd) >/tmp/kith-dovecot-imapd-install.log 2>&1 \
    && exit 0
  echo "apt-get could not install dovecot-imapd; see /tmp/kith-dovecot-imapd-install.log"
fi
echo "Dovecot (IMAP) is missing: install it with 'apt-get install dovecot-imapd' to run the IMAP tests."
# Not fatal here: the IMAP tests themselves fail in CI and skip elsewhere, with this message.
exit 0
