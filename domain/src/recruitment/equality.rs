//! The optional equality questions asked after someone registers interest,
//! so that services can see whether they reach everyone (the care review
//! asks for more carers from ethnic minorities). Never required, every
//! question has "prefer not to say", and staff see only rounded counts, with
//! small numbers hidden, so nobody can be picked out.

use crate::audit::{Subject, record_access};
use crate::policy::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::{equality_answers, household};
use crate::accounts::{hash_token, random_token};
use crate::figures::Figure;
use crate::names::stored_names;
use crate::reporting::months::Answers;
use crate::{Actor, Ctx, DomainError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ethnicity {
    Asian,
    Black,
    Mixed,
    White,
    Other,
    PreferNotToSay,
}

stored_names!(Ethnicity {
    Asian => "asian", "Asian or Asian British",
    Black => "black", "Black, Black British, Caribbean or African",
    Mixed => "mixed", "Mixed or multiple ethnic groups",
    White => "white", "White",
    Other => "other", "Another ethnic group",
    PreferNotToSay => "prefer_not_to_say", "Prefer not to say",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Religion {
    NoReligion,
    Buddhist,
    Christian,
    Hindu,
    Jewish,
    Muslim,
    Sikh,
    Other,
    PreferNotToSay,
}

stored_names!(Religion {
    NoReligion => "no_religion", "No religion",
    Buddhist => "buddhist", "Buddhist",
    Christian => "christian", "Christian",
    Hindu => "hindu", "Hindu",
    Jewish => "jewish", "Jewish",
    Muslim => "muslim", "Muslim",
    Sikh => "sikh", "Sikh",
    Other => "other", "Another religion",
    PreferNotToSay => "prefer_not_to_say", "Prefer not to say",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Disability {
    Yes,
    No,
    PreferNotToSay,
}

stored_names!(Disability {
    Yes => "yes", "Yes",
    No => "no", "No",
    PreferNotToSay => "prefer_not_to_say", "Prefer not to say",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SexualOrientation {
    Straight,
    GayOrLesbian,
    Bisexual,
    Other,
    PreferNotToSay,
}

stored_names!(SexualOrientation {
    Straight => "straight", "Straight or heterosexual",
    GayOrLesbian => "gay_or_lesbian", "Gay or lesbian",
    Bisexual => "bisexual", "Bisexual",
    Other => "other", "Another sexual orientation",
    PreferNotToSay => "prefer_not_to_say", "Prefer not to say",
});

/// What someone chose to answer; a question left alone is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EqualityAnswers {
    pub ethnicity: Option<Ethnicity>,
    pub religion: Option<Religion>,
    pub disability: Option<Disability>,
    pub sexual_orientation: Option<SexualOrientation>,
}

/// Makes the place for a new household's answers; returns the token that
/// lets the person who enquired, and only them, answer.
pub(super) async fn open_questions(
    conn: &impl ConnectionTrait,
    household_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, DomainError> {
    let token = random_token()?;
    equality_answers::ActiveModel {
        household_id: Set(household_id),
        token_hash: Set(hash_token(&token)),
        ethnicity: Set(None),
        religion: Set(None),
        disability: Set(None),
        sexual_orientation: Set(None),
        created_at: Set(now),
        answered_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// Records the answers given with `token`, once. Any other token (a
/// repeat enquiry's, or one used already) changes nothing and is not told
/// apart, so the answer says nothing about who enquired before.
pub async fn answer_equality_questions(
    ctx: &Ctx,
    token: &str,
    answers: &EqualityAnswers,
) -> Result<(), DomainError> {
    let txn = ctx.write().await?;
    let Some(row) = equality_answers::Entity::find()
        .filter(equality_answers::Column::TokenHash.eq(hash_token(token)))
        .filter(equality_answers::Column::AnsweredAt.is_null())
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    // Reports count the answers by month: moved in the same transaction.
    crate::reporting::summaries::answers_changed(
        &txn,
        row.household_id,
        &Answers::from(&row),
        &Answers::given(Some(answers)),
    )
    .await?;
    equality_answers::Entity::update_many()
        .col_expr(
            equality_answers::Column::Ethnicity,
            Expr::value(answers.ethnicity.map(|a| a.as_str())),
        )
        .col_expr(
            equality_answers::Column::Religion,
            Expr::value(answers.religion.map(|a| a.as_str())),
        )
        .col_expr(
            equality_answers::Column::Disability,
            Expr::value(answers.disability.map(|a| a.as_str())),
        )
        .col_expr(
            equality_answers::Column::SexualOrientation,
            Expr::value(answers.sexual_orientation.map(|a| a.as_str())),
        )
        .col_expr(
            equality_answers::Column::AnsweredAt,
            Expr::value(ctx.clock.now()),
        )
        .filter(equality_answers::Column::HouseholdId.eq(row.household_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// One question's answers, counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionCounts {
    pub question: &'static str,
    pub answers: Vec<(&'static str, Figure)>,
    pub not_answered: Figure,
}

/// An organisation's equality figures, over every household that enquired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqualityReport {
    pub households: Figure,
    pub questions: Vec<QuestionCounts>,
}

fn counted<T: Copy>(
    question: &'static str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    given: &[Option<String>],
) -> QuestionCounts {
    let answers = all
        .iter()
        .map(|option| {
            let n = given
                .iter()
                .filter(|g| g.as_deref() == Some(name(*option)))
                .count() as u64;
            (label(*option), Figure::of(n))
        })
        .collect();
    let not_answered = given.iter().filter(|g| g.is_none()).count() as u64;
    QuestionCounts {
        question,
        answers,
        not_answered: Figure::of(not_answered),
    }
}

/// The organisation's equality figures: counts only, small ones hidden.
/// For its recruitment officers and managers.
pub async fn equality_report(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<EqualityReport, DomainError> {
    actor.require(Permission::WorkEnquiries, organisation_id)?;
    record_access(
        ctx,
        actor,
        organisation_id,
        Subject::EqualityReport,
        Some(organisation_id),
    )
    .await?;
    let households: Vec<i32> = household::Entity::find()
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let rows = equality_answers::Entity::find()
        .filter(equality_answers::Column::HouseholdId.is_in(households.iter().copied()))
        .all(&ctx.db)
        .await?;
    // A household with no row (a repeat, or from before the questions) has
    // answered nothing.
    let answer = |pick: fn(&equality_answers::Model) -> Option<String>| -> Vec<Option<String>> {
        households
            .iter()
            .map(|id| rows.iter().find(|r| r.household_id == *id).and_then(pick))
            .collect()
    };
    Ok(EqualityReport {
        households: Figure::of(households.len() as u64),
        questions: vec![
            counted(
                "Ethnic group",
                Ethnicity::ALL,
                Ethnicity::as_str,
                Ethnicity::label,
                &answer(|r| r.ethnicity.clone()),
            ),
            counted(
                "Religion",
                Religion::ALL,
                Religion::as_str,
                Religion::label,
                &answer(|r| r.religion.clone()),
            ),
            counted(
                "Disability",
                Disability::ALL,
                Disability::as_str,
                Disability::label,
                &answer(|r| r.disability.clone()),
            ),
            counted(
                "Sexual orientation",
                SexualOrientation::ALL,
                SexualOrientation::as_str,
                SexualOrientation::label,
                &answer(|r| r.sexual_orientation.clone()),
            ),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_offers_prefer_not_to_say() {
        assert!(Ethnicity::ALL.contains(&Ethnicity::PreferNotToSay));
        assert!(Religion::ALL.contains(&Religion::PreferNotToSay));
        assert!(Disability::ALL.contains(&Disability::PreferNotToSay));
        assert!(SexualOrientation::ALL.contains(&SexualOrientation::PreferNotToSay));
    }
}
