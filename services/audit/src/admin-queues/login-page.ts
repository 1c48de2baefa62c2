/**
 * A static form (no script, nothing from the request in it) for an operator with only a browser:
 * it POSTs the credential to /admin/queues/login, which answers with the session cookie.
 */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Bulwark queues: sign in</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>Bulwark queues</h1>
<p>Paste an operator credential (an API key or access token with <code>audit:admin</code>). It is
exchanged for a 15-minute session cookie and not stored.</p>
<form method="post" action="/admin/queues/login">
<input type="password" name="credential" autocomplete="off" required style="width:100%">
<button type="submit">Open the dashboard</button>
</form>
</body>
</html>
`;
