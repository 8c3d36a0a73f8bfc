//! `#[db_test]` turns one ordinary `async fn name(app: TestApp)` into two
//! tests, `name::sqlite` and `name::postgres`, each handed a fresh app on
//! its database; `#[db_test(demo)]` hands it an app whose database already
//! holds the demo data, and `#[db_test(search)]` runs it on Meilisearch too
//! (`name::sqlite_meilisearch`, `name::postgres_meilisearch`). The body stays a plain function, so `cargo fmt` formats it
//! and the compiler reports errors at its own lines.

use proc_macro::TokenStream;
use quote::quote;
use syn::{ItemFn, parse_macro_input};

#[proc_macro_attribute]
pub fn db_test(arguments: TokenStream, item: TokenStream) -> TokenStream {
    let (spawn, on_meilisearch) = match arguments.to_string().as_str() {
        "" => (quote! { spawn_app }, false),
        "demo" => (quote! { spawn_demo_app }, false),
        "search" => (quote! { spawn_app }, true),
        _ => {
            return syn::Error::new(
                proc_macro2::Span::call_site(),
                "#[db_test] takes nothing, `demo` or `search`",
            )
            .to_compile_error()
            .into();
        }
    };
    let mut body = parse_macro_input!(item as ItemFn);
    if body.sig.asyncness.is_none() || body.sig.inputs.len() != 1 {
        return syn::Error::new_spanned(
            &body.sig,
            "#[db_test] wants `async fn name(app: TestApp)`",
        )
        .to_compile_error()
        .into();
    }
    // Attributes on the function (a `should_panic`, say) belong on the
    // tests, not on the body they call.
    let attributes = std::mem::take(&mut body.attrs);
    let name = &body.sig.ident;
    // A module and a function may share a name: they live in different
    // namespaces, so the tests are `name::sqlite` and `name::postgres`.
    // On Meilisearch as well as the embedded index; where no Meilisearch
    // is to be had the harness says so (and fails under CI=true).
    let meilisearch = on_meilisearch.then(|| {
        quote! {
            #(#attributes)*
            #[tokio::test]
            async fn sqlite_meilisearch() {
                if let Some(app) = crate::harness::spawn_app_on_meilisearch(crate::harness::Db::Sqlite).await {
                    super::#name(app).await
                }
            }

            #(#attributes)*
            #[tokio::test]
            async fn postgres_meilisearch() {
                if let Some(app) = crate::harness::spawn_app_on_meilisearch(crate::harness::Db::Postgres).await {
                    super::#name(app).await
                }
            }
        }
    });
    quote! {
        #body

        mod #name {
            #(#attributes)*
            #[tokio::test]
            async fn sqlite() {
                super::#name(crate::harness::#spawn(crate::harness::Db::Sqlite).await).await
            }

            #(#attributes)*
            #[tokio::test]
            async fn postgres() {
                super::#name(crate::harness::#spawn(crate::harness::Db::Postgres).await).await
            }

            #meilisearch
        }
    }
    .into()
}
