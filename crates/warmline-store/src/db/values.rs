//! Values between PostgreSQL's types and SQLite's five classes. Reading is as lenient as
//! SQLite: any integer, boolean or integral numeric is an Integer, any float a Real.
//! Binding converts a value to whatever type the server inferred for the parameter.

use std::error::Error as StdError;

use postgres::types::private::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::Value;

type BoxError = Box<dyn StdError + Sync + Send>;

/// A column read whatever its type.
pub(crate) struct Dynamic(pub(crate) Value);

impl<'a> FromSql<'a> for Dynamic {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Dynamic, BoxError> {
        let int = |n: usize| -> Result<i64, BoxError> {
            let bytes = raw.get(..n).ok_or("short integer")?;
            Ok(bytes.iter().fold(
                if bytes.first().is_some_and(|b| *b & 0x80 != 0) {
                    -1i64
                } else {
                    0
                },
                |acc, b| (acc << 8) | i64::from(*b),
            ))
        };
        Ok(Dynamic(match *ty {
            Type::INT2 => Value::Integer(int(2)?),
            Type::INT4 => Value::Integer(int(4)?),
            Type::INT8 => Value::Integer(int(8)?),
            Type::OID => Value::Integer(int(4)? & 0xffff_ffff),
            Type::BOOL => Value::Integer(i64::from(raw.first().is_some_and(|b| *b != 0))),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::JSONB => Value::Text(String::from_utf8(
                raw.get(1..).unwrap_or_default().to_vec(),
            )?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Dynamic, BoxError> {
        Ok(Dynamic(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form (what SUM and AVG of integers give): base-10000 digits.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<i64, BoxError> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("short numeric")?;
        Ok(i64::from(i16::from_be_bytes([b[0], b[1]])))
    };
    let ndigits = usize::try_from(word(0)?)?;
    let weight = word(1)?;
    let sign = word(2)? & 0xffff;
    let dscale = word(3)?;
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut value = 0f64;
    for i in 0..ndigits {
        let digit = word(4 + i)? as f64;
        let exp = i32::try_from(weight - i64::try_from(i)?)?;
        value += digit * 10_000f64.powi(exp);
    }
    if sign == 0x4000 {
        value = -value;
    }
    Ok(if dscale == 0 && value.abs() < 9.0e15 {
        Value::Integer(value as i64)
    } else {
        Value::Real(value)
    })
}

/// A parameter, bound as the type the server asks for.
#[derive(Debug)]
pub(crate) struct Param(pub(crate) Value);

impl ToSql for Param {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (&self.0, ty) {
            (Value::Null, _) => return Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => {
                i.to_sql(ty, out)?;
            }
            (Value::Integer(i), &Type::INT4) => {
                i32::try_from(*i)?.to_sql(ty, out)?;
            }
            (Value::Integer(i), &Type::INT2) => {
                i16::try_from(*i)?.to_sql(ty, out)?;
            }
            (Value::Integer(i), &Type::FLOAT8) => {
                (*i as f64).to_sql(ty, out)?;
            }
            (Value::Integer(i), &Type::FLOAT4) => {
                (*i as f32).to_sql(ty, out)?;
            }
            (Value::Integer(i), &Type::BOOL) => {
                (*i != 0).to_sql(ty, out)?;
            }
            (Value::Integer(i), _) => text(&i.to_string(), ty, out)?,
            (Value::Real(f), &Type::FLOAT8) => {
                f.to_sql(ty, out)?;
            }
            (Value::Real(f), &Type::FLOAT4) => {
                (*f as f32).to_sql(ty, out)?;
            }
            (Value::Real(f), &Type::INT8) if f.fract() == 0.0 => {
                (*f as i64).to_sql(ty, out)?;
            }
            (Value::Real(f), _) => text(&f.to_string(), ty, out)?,
            (Value::Text(s), _) => text(s, ty, out)?,
            (Value::Blob(b), &Type::BYTEA) => {
                b.as_slice().to_sql(ty, out)?;
            }
            (Value::Blob(b), _) => text(&String::from_utf8_lossy(b), ty, out)?,
        };
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Text for a parameter of any type: numbers are parsed, as SQLite's affinity would.
fn text(s: &str, ty: &Type, out: &mut BytesMut) -> Result<(), BoxError> {
    match *ty {
        Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out).map(drop),
        Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out).map(drop),
        Type::INT2 => s.trim().parse::<i16>()?.to_sql(ty, out).map(drop),
        Type::FLOAT8 => s.trim().parse::<f64>()?.to_sql(ty, out).map(drop),
        Type::FLOAT4 => s.trim().parse::<f32>()?.to_sql(ty, out).map(drop),
        Type::BOOL => (s.trim() != "0" && !s.trim().is_empty())
            .to_sql(ty, out)
            .map(drop),
        Type::BYTEA => s.as_bytes().to_sql(ty, out).map(drop),
        Type::JSONB => {
            out.extend_from_slice(&[1]);
            out.extend_from_slice(s.as_bytes());
            Ok(())
        }
        _ => {
            out.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[i16]) -> Vec<u8> {
        w.iter().flat_map(|w| w.to_be_bytes()).collect()
    }

    #[test]
    fn numeric_sums_read_as_integers_and_fractions_as_reals() {
        // 12345: digits 1 and 2345 in base 10,000, the first of weight 1.
        assert_eq!(
            numeric(&words(&[2, 1, 0, 0, 1, 2345])).unwrap(),
            Value::Integer(12345)
        );
        // -1.5 with one decimal.
        assert_eq!(
            numeric(&words(&[2, 0, 0x4000, 1, 1, 5000])).unwrap(),
            Value::Real(-1.5)
        );
        assert_eq!(numeric(&words(&[0, 0, 0, 0])).unwrap(), Value::Integer(0));
        assert!(numeric(&[0, 1]).is_err());
    }

    #[test]
    fn integers_of_every_width_and_booleans_read_as_integers() {
        let read = |ty: &Type, raw: &[u8]| Dynamic::from_sql(ty, raw).unwrap().0;
        assert_eq!(
            read(&Type::INT2, &(-2i16).to_be_bytes()),
            Value::Integer(-2)
        );
        assert_eq!(
            read(&Type::INT4, &70_000i32.to_be_bytes()),
            Value::Integer(70_000)
        );
        assert_eq!(
            read(&Type::INT8, &(-5i64).to_be_bytes()),
            Value::Integer(-5)
        );
        assert_eq!(read(&Type::BOOL, &[1]), Value::Integer(1));
        assert_eq!(read(&Type::TEXT, b"dana"), Value::Text("dana".into()));
    }
}
