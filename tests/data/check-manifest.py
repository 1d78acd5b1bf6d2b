#!/usr/bin/env python3
"""check-manifest.py: the Flatpak manifests agree with the project.

Usage: check-manifest.py MANIFEST APP_ID PROFILE DESKTOP_FILE METAINFO_FILE

Checks that the manifest parses; that its id is the app id this build
gives the application (and that the desktop entry and the metainfo name
it the same way); that its command is the executable meson installs and
the desktop entry runs; that it uses the GNOME runtime and SDK of one
version; that its sandbox holds exactly the permissions Pomar needs
(network, IPC, Wayland with X11 as a fallback, DRI: no files, no D-Bus
names: exports go through the file chooser portal and tokens through the
Secret portal); that every module fetched from elsewhere is pinned by a
checksum; and that the last module builds this project with meson in the
manifest's profile.
"""
import configparser
import json
import sys
import xml.etree.ElementTree as ET

ALLOWED = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def main():
    path, app_id, profile, desktop_path, metainfo_path = sys.argv[1:6]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot be read as JSON: {e}", file=sys.stderr)
        return 1

    manifest_id = manifest.get("id", manifest.get("app-id"))
    check(manifest_id == app_id, f"id is {manifest_id!r}, the build's app id is {app_id!r}")
    check(manifest.get("command") == "pomar", f"command is {manifest.get('command')!r}, not the installed 'pomar'")
    check(manifest.get("runtime") == "org.gnome.Platform", "the runtime is not org.gnome.Platform")
    check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is not org.gnome.Sdk")
    check(bool(manifest.get("runtime-version")), "no runtime-version")

    args = manifest.get("finish-args", [])
    check(sorted(args) == sorted(ALLOWED),
          f"finish-args are {args}, the narrowest that work are {ALLOWED}")
    check(len(args) == len(set(args)), "a finish-arg is repeated")

    modules = manifest.get("modules", [])
    check(len(modules) > 0, "no modules")
    for module in modules:
        if not isinstance(module, dict):
            problems.append(f"module {module!r} is not inline: it cannot be checked")
            continue
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind in ("archive", "file"):
                check(bool(source.get("sha256") or source.get("sha512")),
                      f"module {module.get('name')}: {source.get('url')} has no checksum")
            elif kind == "git":
                check(bool(source.get("commit") or source.get("tag")),
                      f"module {module.get('name')}: {source.get('url')} is not pinned to a commit or tag")
            elif kind != "dir":
                problems.append(f"module {module.get('name')}: source type {kind!r} is not checked")
    if modules and isinstance(modules[-1], dict):
        last = modules[-1]
        check(last.get("name") == "pomar", "the last module is not pomar")
        check(last.get("buildsystem") == "meson", "pomar is not built with meson")
        check(f"-Dprofile={profile}" in last.get("config-opts", []),
              f"pomar is not configured with -Dprofile={profile}")

    # "-": this build's desktop entry and metainfo are another profile's.
    if desktop_path != "-":
        check_desktop(manifest, app_id, desktop_path)
    if metainfo_path != "-":
        check_metainfo(app_id, metainfo_path)

    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if not problems:
        print(f"{path}: ok ({app_id}, GNOME {manifest.get('runtime-version')})")
    return 1 if problems else 0


def check_desktop(manifest, app_id, desktop_path):
    desktop = configparser.ConfigParser(interpolation=None, strict=False)
    desktop.optionxform = str
    desktop.read(desktop_path, encoding="utf-8")
    entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
    check(entry.get("Exec", "").split(" ")[0] == manifest.get("command"),
          f"the desktop entry runs {entry.get('Exec')!r}, the manifest {manifest.get('command')!r}")
    check(entry.get("Icon") == app_id, f"the desktop entry's icon is {entry.get('Icon')!r}, not {app_id!r}")


def check_metainfo(app_id, metainfo_path):
    component = ET.parse(metainfo_path).getroot()
    check(component.findtext("id") == app_id, f"the metainfo's id is {component.findtext('id')!r}")
    launchable = component.find("launchable")
    check(launchable is not None and launchable.text == f"{app_id}.desktop",
          "the metainfo's launchable is not the desktop entry")


if __name__ == "__main__":
    sys.exit(main())
