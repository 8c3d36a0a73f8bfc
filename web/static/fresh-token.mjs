// A form shown again after it was refused (the session ended, or the page
// was out of date) carries this tab's form token as it was then. Once the
// person has signed in again in another tab and comes back, that token is
// stale: the form takes a fresh one from Hearth before it is sent again.

async function currentToken() {
  try {
    const answer = await fetch("/session/form-token", {
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!answer.ok) return null;
    return (await answer.json()).token;
  } catch {
    return null;
  }
}

export function keepFormTokensFresh(root = document) {
  const forms = [...root.querySelectorAll("form[data-hearth-fresh-token]")];
  if (forms.length === 0) return;
  const refresh = async () => {
    if (document.visibilityState !== "visible") return;
    const token = await currentToken();
    if (!token) return;
    for (const form of forms) {
      const field = form.querySelector("input[name=csrf_token]");
      if (field) field.value = token;
    }
  };
  document.addEventListener("visibilitychange", refresh);
  window.addEventListener("focus", refresh);
  for (const form of forms) {
    // Sent at once on its own click; the token is made fresh first.
    form.addEventListener("submit", async (event) => {
      if (form.dataset.hearthFreshened === "yes") return;
      event.preventDefault();
      await refresh();
      form.dataset.hearthFreshened = "yes";
      form.requestSubmit();
    });
  }
}
