/** Why the form is shown again; each maps to a fixed sentence (nothing from the request is echoed). */
export type LoginProblem = 'unrecognised' | 'not_operator';

const PROBLEMS: Record<LoginProblem, string> = {
  unrecognised:
    'That credential was not accepted: it is malformed, expired, revoked or not issued by this deployment. Paste a current API key or access token.',
  not_operator:
    'That credential is valid but cannot open the operator dashboard: it needs the <code>audit:admin</code> scope from a tenant listed in <code>AUDIT_ADMIN_TENANTS</code>, or the bootstrap admin key.',
};

/**
 * A static form (no script, nothing from the request in it) for an operator with only a browser:
 * it POSTs the credential to /admin/queues/login, which answers with the session cookie, or shows
 * this form again with one of the fixed problems above.
 */
export function loginPage(problem?: LoginProblem): string {
  const alert = problem ? `<p role="alert" style="color:#a40000">${PROBLEMS[problem]}</p>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Bulwark queues: sign in</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>Bulwark queues</h1>
${alert}<p>Paste an operator credential (an API key or access token with <code>audit:admin</code>). It is
exchanged for a 15-minute session cookie and not stored.</p>
<form method="post" action="/admin/queues/login">
<label for="credential">Operator credential</label>
<input type="password" id="credential" name="credential" autocomplete="off" required style="width:100%">
<button type="submit">Open the dashboard</button>
</form>
</body>
</html>
`;
}
