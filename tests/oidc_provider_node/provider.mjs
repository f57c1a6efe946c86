// The certified OpenID Connect provider (panva/oidc-provider) on loopback, for the single
// sign-on tests: one confidential client, PKCE required, and people given on the command
// line who sign in on its login page (the interaction the provider leaves to its host).
//
//   node provider.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI PEOPLE_JSON [AUDIENCE]
//
// prints `ready http://127.0.0.1:PORT` once it listens. PEOPLE_JSON maps a login name to
// {"password", "email", "email_verified", "given_name", "family_name", "groups"}.
// AUDIENCE, when given, makes the provider issue its ID tokens to that audience instead of
// the client (as a token meant for another application would arrive).
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri, peopleJson, audience] = process.argv.slice(2);
const people = JSON.parse(peopleJson);

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'groups'],
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        const { password, ...claims } = person;
        return { email_verified: true, ...claims, sub: id };
      },
    };
  },
});

if (audience) {
  const { issue } = provider.IdToken.prototype;
  provider.IdToken.prototype.issue = async function issueTo(options) {
    if (options?.use === 'idtoken') {
      const payload = await this.payload();
      this.payload = async () => payload;
      const client = this.client;
      this.client = new Proxy(client, {
        get(target, name) {
          if (name === 'clientId') return audience;
          const value = Reflect.get(target, name, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }
    return issue.call(this, options);
  };
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, message = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Company sign-in</title></head>
<body><main><h1>Company sign-in</h1>${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>User name <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}

function samePassword(given, expected) {
  const a = Buffer.from(String(given));
  const b = Buffer.from(String(expected));
  return a.length === b.length && timingSafeEqual(a, b);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid));
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const login = form.get('login') || '';
  const person = people[login];
  if (!person || !samePassword(form.get('password') || '', person.password)) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid, 'Wrong user name or password.'));
    return;
  }
  // The organisation's own application: consent is given by the organisation.
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  } else {
    callback(req, res);
  }
});

console.log(`ready ${issuer}`);
