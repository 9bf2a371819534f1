//! Where a node of a rule file is, from the YAML parser's own positions.
//!
//! A node is named by its path from the document root (`rules`, rule 2,
//! `patterns`, item 3, `metavariable-regex`, `regex`): the text is read again
//! with a visitor that follows the path and stops with an error at that node;
//! serde_yaml_ng (libyaml) marks the error with where the node starts. Two keys
//! of the same name are told apart by the path, which a text search cannot do.
//! Only done for a diagnostic, so the cost of a second read does not matter.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One step of a path into the YAML: a mapping's key or a sequence's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Which part of the last step to find: the key itself, or the node (a value, an item).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Key,
    Node,
}

/// The message of the error the visitor stops with, to tell it from a real YAML error.
const FOUND: &str = "\u{0}flasklight: node found";

/// The byte offset where the node (or key) at `path` starts in `yaml`, if it is there.
pub fn offset_of(yaml: &str, path: &[Step], part: Part) -> Option<usize> {
    let found = Probe { path, part }.deserialize(serde_yaml_ng::Deserializer::from_str(yaml));
    match found {
        Err(error) if error.to_string().contains(FOUND) => error.location().map(|l| l.index()).filter(|&i| i <= yaml.len()),
        _ => None,
    }
}

/// Follows `path`; at its end, fails with [`FOUND`] while the target node is
/// read, so that the parser marks the error with the node's start.
struct Probe<'p> {
    path: &'p [Step],
    part: Part,
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Probe<'_> {
    /// At the end of the path (the node itself is wanted): stop here.
    fn at_node<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.at_node()?;
        let Some((Step::Key(wanted), rest)) = self.path.split_first() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let stop_at_key = rest.is_empty() && self.part == Part::Key;
        while let Some(matched) = map.next_key_seed(KeyProbe { wanted, stop: stop_at_key })? {
            if matched {
                return map.next_value_seed(Probe { path: rest, part: self.part });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.at_node()?;
        let Some((Step::Index(wanted), rest)) = self.path.split_first() else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut index = 0;
        loop {
            if index == *wanted {
                return seq.next_element_seed(Probe { path: rest, part: self.part }).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.at_node()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.at_node()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.at_node()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.at_node()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.at_node()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.at_node()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.at_node()
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        // A tagged node (`!tag value`): found if wanted, not followed further.
        self.at_node()
    }
}

/// Reads a mapping's key: whether it is the wanted one, or (with `stop`) fails
/// with [`FOUND`] on it, so that the parser marks the key's start.
struct KeyProbe<'w> {
    wanted: &'w str,
    stop: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        match key == self.wanted {
            true if self.stop => Err(E::custom(FOUND)),
            matched => Ok(matched),
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::{offset_of, Part, Step};

    fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    #[test]
    fn finds_the_key_or_node_a_path_names_even_when_a_name_repeats() {
        let yaml = "rules:\n- id: a\n  patterns:\n  - metavariable-regex: {metavariable: $X, regex: a}\n  - metavariable-regex:\n      metavariable: $Y\n      regex: \"(\"\n";
        let second = [key("rules"), Step::Index(0), key("patterns"), Step::Index(1), key("metavariable-regex"), key("regex")];
        let at = offset_of(yaml, &second, Part::Key).expect("found");
        assert!(yaml[at..].starts_with("regex: \"(\""), "{:?}", &yaml[at..]);
        let at = offset_of(yaml, &second, Part::Node).expect("found");
        assert!(yaml[at..].starts_with("\"(\""), "{:?}", &yaml[at..]);
        let first = [key("rules"), Step::Index(0), key("patterns"), Step::Index(0), key("metavariable-regex"), key("regex")];
        let at = offset_of(yaml, &first, Part::Key).expect("found");
        assert!(yaml[at..].starts_with("regex: a}"), "{:?}", &yaml[at..]);
        let item = [key("rules"), Step::Index(0), key("patterns"), Step::Index(1)];
        let at = offset_of(yaml, &item, Part::Node).expect("found");
        assert!(yaml[at..].starts_with("metavariable-regex:\n"), "{:?}", &yaml[at..]);
        assert_eq!(offset_of(yaml, &[key("rules"), Step::Index(3)], Part::Node), None);
        assert_eq!(offset_of(yaml, &[key("nope")], Part::Key), None);
        assert_eq!(offset_of("a: [\nrules: x\n", &[key("rules")], Part::Key), None, "past a syntax error, no node is found");
    }
}
