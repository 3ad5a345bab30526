// Marks the page as able to run GOV.UK Frontend's JavaScript (replaces the usual inline snippet, which our CSP forbids).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
