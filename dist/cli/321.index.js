export const id = 321;
export const ids = [321];
export const modules = {

/***/ 2321:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EmailError: () => (/* binding */ EmailError),
/* harmony export */   emailAdapter: () => (/* binding */ emailAdapter),
/* harmony export */   parseSmtpUrl: () => (/* binding */ parseSmtpUrl),
/* harmony export */   sendEmail: () => (/* binding */ sendEmail)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var nodemailer__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6739);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(150);
// Sending the email summary over SMTP: STARTTLS required on 587 (never silent plaintext),
// implicit TLS on 465, transient failures retried with backoff, and errors that never carry
// the password.




class EmailError extends Error {
}
/** Parses smtp://user:pass@host:587 or smtps://user:pass@host:465; explains the usual mistakes. */
function parseSmtpUrl(text) {
    let url;
    try {
        url = new URL(text.trim());
    }
    catch {
        throw new EmailError('smtp-url is not a URL; expected smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS)');
    }
    // Stryker disable next-line Regex: a URL's protocol holds one colon, at its end
    const scheme = url.protocol.replace(/:$/, '');
    if (scheme !== 'smtp' && scheme !== 'smtps') {
        throw new EmailError(`smtp-url must start with smtp:// (port 587, STARTTLS) or smtps:// (port 465, TLS), not ${scheme}://`);
    }
    const secure = scheme === 'smtps';
    const port = url.port ? Number(url.port) : secure ? 465 : 587;
    if (secure && port === 587) {
        throw new EmailError('smtp-url uses smtps:// (implicit TLS) on port 587, which speaks STARTTLS: this fails with "wrong version number". Use smtp://…:587, or smtps://…:465');
    }
    if (!secure && port === 465) {
        throw new EmailError('smtp-url uses smtp:// on port 465, which expects TLS from the first byte: use smtps://…:465, or smtp://…:587');
    }
    if (port === 25) {
        throw new EmailError('smtp-url uses port 25, which GitHub-hosted runners cannot reach; use your provider\u2019s submission port 587 (smtp://) or 465 (smtps://)');
    }
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    // nodemailer refuses a login without a password before it asks the server ("Missing credentials").
    if (user && !pass) {
        throw new EmailError('smtp-url has a user name but no password: expected smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS)');
    }
    return {
        // Stryker disable next-line Regex: brackets appear in a hostname only around an IPv6 address, at both ends
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        secure,
        ...(user ? { user } : {}),
        ...(pass ? { pass } : {}),
        allowSelfSigned: url.searchParams.get('tls') === 'insecure',
    };
}
function transient(e) {
    if (e.responseCode !== undefined)
        return e.responseCode >= 400 && e.responseCode < 500;
    // nodemailer reports a socket error (a refused or reset connection) as ESOCKET, the errno in its message.
    return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(e.code ?? '');
}
/** A message for people: what failed and what to check, with every form of the password taken out. */
function explain(e, s, redact) {
    const where = `${s.host}:${s.port}`;
    let m;
    if (e.code === 'EAUTH')
        m = `the SMTP server at ${where} rejected the user name or password (${e.responseCode ?? 'auth failed'}); check the smtp-url secret`;
    else if (e.code === 'EENVELOPE')
        m = `the SMTP server at ${where} refused a recipient or the sender: ${e.response ?? e.message ?? ''}`;
    else if (e.code === 'ECONNECTION' || /\b(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND)\b/.test(e.message ?? '')) {
        m = `cannot connect to the SMTP server at ${where} (${e.message ?? e.code})`;
    }
    else if (e.code === 'ETIMEDOUT')
        m = `the SMTP server at ${where} did not answer in time`;
    else if (/wrong version number/i.test(e.message ?? ''))
        m = `TLS handshake with ${where} failed ("wrong version number"): the port and the scheme disagree (smtp:// for 587, smtps:// for 465)`;
    else if (/STARTTLS/i.test(e.message ?? ''))
        m = `the SMTP server at ${where} does not offer STARTTLS, and mail is never sent in plain text; use smtps:// on port 465 if it supports TLS`;
    else
        m = `sending through ${where} failed: ${e.message ?? e.code ?? 'unknown error'}`;
    return redact(m);
}
async function sendEmail(smtp, email, opts) {
    const timeout = opts.timeoutMs ?? 30_000;
    const transporter = nodemailer__WEBPACK_IMPORTED_MODULE_2__/* ["default"].createTransport */ .Ay.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: !smtp.secure, // STARTTLS or nothing: no silent plaintext
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
        tls: { rejectUnauthorized: !smtp.allowSelfSigned, servername: smtp.host },
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        logger: false,
        // Stryker disable next-line BooleanLiteral: debug output goes to the logger, which is off
        debug: false,
    });
    const attempts = Math.max(1, opts.attempts ?? 3);
    const backoff = opts.backoffMs ?? 1000;
    // A server may echo the credentials in its reply: raw, URL-encoded, base64, or as the AUTH blob.
    // Stryker disable next-line StringLiteral: the fallbacks only shape AUTH blobs, and without a user there is no AUTH (without a password, nothing to hide)
    const redact = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redactor */ .$p)([{ forms: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .smtpSecretForms */ .QN)(smtp.user ?? '', smtp.pass ?? ''), mask: _secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .PASSWORD_MASK */ .pY }]);
    // No close() afterwards: a transport without a pool holds nothing open after sendMail (its close() only emits an event).
    for (let attempt = 1;; attempt++) {
        try {
            await transporter.sendMail({ from: opts.from, to: opts.to, subject: email.subject, text: email.text, html: email.html });
            return;
        }
        catch (e) {
            const err = e;
            if (!transient(err) || attempt >= attempts)
                throw new EmailError(explain(err, smtp, redact));
            opts.log?.(`email: ${explain(err, smtp, redact)}; trying again (${attempt + 1}/${attempts})`);
            await new Promise((r) => setTimeout(r, backoff * (attempt * 2 - 1)));
        }
    }
}
/** Sends or previews the rendered email; the patrol decides when. */
function emailAdapter(opts) {
    return {
        async send(email) {
            if (!opts.smtpUrl)
                throw new EmailError('notify.email is set but no SMTP connection was given: add the smtp-url input (from a secret) or SMTP_URL');
            const smtp = parseSmtpUrl(opts.smtpUrl);
            const from = opts.from || smtp.user;
            if (!from || !from.includes('@'))
                throw new EmailError('no sender address: set mail-from (or MAIL_FROM) to an address your SMTP server may send as');
            await sendEmail(smtp, email, { from, to: opts.to, log: opts.log, attempts: opts.attempts, backoffMs: opts.backoffMs, timeoutMs: opts.timeoutMs });
            opts.log(`email sent to ${opts.to.join(', ')}: ${email.subject}`);
        },
        async preview(email) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(opts.previewDir, { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(opts.previewDir, 'email.html'), email.html);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(opts.previewDir, 'email.txt'), `Subject: ${email.subject}\n\n${email.text}`);
            opts.log(`email not sent (dry run): written to ${node_path__WEBPACK_IMPORTED_MODULE_1__.join(opts.previewDir, 'email.html')} and email.txt`);
        },
    };
}


/***/ })

};
