#!/usr/bin/env bash
# Regenerate the interface translations from the sources with Qt's own tools:
# pyside6-lupdate extracts every tr()/translate() string of app/ui, and every
# QT_TRANSLATE_NOOP sentence of the rules and services (app/sentences.py), into the .ts files
# (keeping the translations already made, dropping strings no longer in the code), and
# pyside6-lrelease compiles each .ts into the .qm the app loads. Commit both.
# Translate new strings with pyside6-linguist (or in the .ts), then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PYSIDE6_BIN:-.venv/bin}
out=resources/translations
mapfile -t sources < <(find app -name '*.py' -not -path '*/migrations/*' | LC_ALL=C sort)
for lang in zh_CN; do
    "$bin/pyside6-lupdate" -silent -no-obsolete -locations none "${sources[@]}" \
        -ts "$out/bedside_$lang.ts"
    "$bin/pyside6-lrelease" -silent "$out/bedside_$lang.ts" -qm "$out/bedside_$lang.qm"
done
