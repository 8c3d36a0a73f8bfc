// Runs before the page paints, so components styled for JavaScript do not
// flash their no-JavaScript form first.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
