//! The secrets Hearth hands out (session cookies, emailed links, API tokens):
//! random, and stored only as their hash, so a copy of the database signs
//! nobody in.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::DomainError;

/// A new random token: 32 bytes from the operating system.
pub fn random_token() -> Result<String, DomainError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| DomainError::Internal(e.to_string().into()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The key form tokens are made with: made once by a migration and kept in
/// the database, so every Hearth process makes and accepts the same tokens.
pub async fn form_token_key(ctx: &crate::Ctx) -> Result<Vec<u8>, DomainError> {
    use sea_orm::EntityTrait;
    let secret = super::entities::server_secret::Entity::find_by_id("csrf".to_owned())
        .one(&ctx.db)
        .await?
        .ok_or_else(|| {
            DomainError::Internal("the form token key is missing: run hearth migrate".into())
        })?;
    Ok(secret.value.into_bytes())
}

/// What is stored of a token. A fast hash is enough: the token has 256 bits
/// of chance, nothing to guess.
pub(crate) fn hash_token(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let (a, b) = (
            random_token().expect("random"),
            random_token().expect("random"),
        );
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
    }

    #[test]
    fn a_token_is_stored_as_its_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
