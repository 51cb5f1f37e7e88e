#!/bin/sh
# make_certs.sh DIR: a throwaway PKI for the TLS tests of SPEC §13, made with the openssl
# CLI at test time (nothing generated is committed): ca.pem/ca.key (a CA), server.pem/
# server.key (for 127.0.0.1 and localhost, signed by the CA), client.pem/client.key (a
# client certificate, CN halchemy-client, signed by the CA), and other-ca.pem (a CA that
# signed nothing). Valid for two days.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
ca() {
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 2 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() { # name CN extensions
  key "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" \
    -days 2 -extfile "$1.ext" 2>/dev/null
}
ca ca halchemy-test-ca
ca other-ca halchemy-other-ca
leaf server 127.0.0.1 "basicConstraints=CA:FALSE
subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
leaf client halchemy-client "basicConstraints=CA:FALSE
extendedKeyUsage=clientAuth"
