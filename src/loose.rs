//! A loosely typed value, read from storage or policy before the core trusts any of it.
//!
//! Stored settings may come from an older version, from a hand-edited policy, or be corrupt. Reading
//! them into [`Loose`] first never fails on a wrong type, so each field can fall back to its default
//! on its own while the valid fields still apply.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Nesting deeper than this is read as [`Loose::Other`] (a guard against hostile or corrupt data).
pub const MAX_DEPTH: usize = 16;

/// Any JSON-like value.
#[derive(Debug, Clone, PartialEq)]
pub enum Loose {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<Loose>),
    /// An object, in its key order.
    Map(Vec<(String, Loose)>),
    /// Something else (too deep, or a type JSON has no word for).
    Other,
}

impl Loose {
    /// The value of `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Loose> {
        match self {
            Loose::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor { depth: 0 })
    }
}

struct LooseVisitor {
    depth: usize,
}

struct Nested(Loose);

impl<'de> de::DeserializeSeed<'de> for LooseVisitor {
    type Value = Nested;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Nested, D::Error> {
        deserializer.deserialize_any(self).map(Nested)
    }
}

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Str(v))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let mut items = Vec::new();
        let depth = self.depth + 1;
        while let Some(Nested(item)) = seq.next_element_seed(LooseVisitor { depth })? {
            items.push(item);
        }
        Ok(if depth > MAX_DEPTH { Loose::Other } else { Loose::List(items) })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut entries = Vec::new();
        let depth = self.depth + 1;
        while let Some(key) = map.next_key::<String>()? {
            let Nested(value) = map.next_value_seed(LooseVisitor { depth })?;
            entries.push((key, value));
        }
        Ok(if depth > MAX_DEPTH { Loose::Other } else { Loose::Map(entries) })
    }
}
