//! Staff passwords, hashed with argon2id at OWASP's recommended minimum
//! (19 MiB of memory, 2 passes, 1 lane).

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::DomainError;

/// NCSC and OWASP advice: length, not character rules.
pub const MIN_PASSWORD_LENGTH: usize = 12;

fn argon2() -> Result<Argon2<'static>, DomainError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| DomainError::Internal(e.to_string().into()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks a new password's length; the message is for the person choosing it.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    match password.chars().count() {
        0 => Err("Enter a password"),
        n if n < MIN_PASSWORD_LENGTH => Err("Password must be 12 characters or more"),
        _ => Ok(()),
    }
}

pub fn hash_password(password: &str) -> Result<String, DomainError> {
    argon2()?
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| DomainError::Internal(e.to_string().into()))
}

/// Whether `password` matches the stored `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2().is_ok_and(|argon2| argon2.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_at_owasp_parameters_and_verifies_only_its_password() {
        let hash = hash_password("correct horse battery").expect("hashed");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn a_short_password_is_refused() {
        assert_eq!(check_new_password(""), Err("Enter a password"));
        assert!(check_new_password("eleven char").is_err());
        assert!(check_new_password("twelve chars").is_ok());
    }
}
