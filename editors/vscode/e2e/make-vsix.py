#!/usr/bin/env python3
"""Pack a plain-JS VS Code extension folder into a .vsix without vsce.

    python3 make-vsix.py FOLDER OUT.vsix

A .vsix is a zip holding extension.vsixmanifest, [Content_Types].xml and the
extension's files under extension/.  Used for the e2e test harness only.
"""
import json
import os
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr


def main() -> int:
    src, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "package.json"), encoding="utf-8") as f:
        pj = json.load(f)
    engine = pj.get("engines", {}).get("vscode", "*")
    manifest = f"""<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id={quoteattr(pj["name"])} Version={quoteattr(pj["version"])} Publisher={quoteattr(pj["publisher"])} />
    <DisplayName>{escape(pj.get("displayName", pj["name"]))}</DisplayName>
    <Description xml:space="preserve">{escape(pj.get("description", ""))}</Description>
    <Categories>Other</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value={quoteattr(engine)} />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
"""
    content_types = """<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension=".json" ContentType="application/json" />
  <Default Extension=".js" ContentType="application/javascript" />
  <Default Extension=".vsixmanifest" ContentType="text/xml" />
  <Default Extension=".md" ContentType="text/markdown" />
</Types>
"""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("extension.vsixmanifest", manifest)
        z.writestr("[Content_Types].xml", content_types)
        for root, dirs, files in os.walk(src):
            dirs[:] = sorted(d for d in dirs if d not in ("node_modules", ".git"))
            for name in sorted(files):
                full = os.path.join(root, name)
                rel = os.path.relpath(full, src).replace(os.sep, "/")
                z.write(full, "extension/" + rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
