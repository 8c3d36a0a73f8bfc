use crate::harness::db_test;

db_test! {
    async fn healthz_says_the_process_is_up(app) {
        let (status, body) = app.get_page("/healthz").await;
        assert_eq!((status.as_u16(), body.as_str()), (200, "ok"));
    }
}

db_test! {
    async fn readyz_says_ready_when_the_database_answers(app) {
        let (status, body) = app.get_page("/readyz").await;
        assert_eq!((status.as_u16(), body.as_str()), (200, "ready"));
    }
}

db_test! {
    async fn readyz_says_unavailable_when_the_database_is_gone(app) {
        app.lose_the_database().await;
        let (status, _) = app.get_page("/readyz").await;
        assert_eq!(status.as_u16(), 503);
        let (status, _) = app.get_page("/healthz").await;
        assert_eq!(status.as_u16(), 200, "the process itself is still up");
    }
}
