//! `yaml-syntax`: reported by the loader (`load::yaml`), not checked here.

declare_rule!(YamlSyntax, "yaml-syntax", Error, None, false);
