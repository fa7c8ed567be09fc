/**
 * The app runs under a Content-Security-Policy without 'unsafe-eval' (src/server/security-headers.ts). zod must
 * neither compile validators with `new Function` nor probe whether it may: the browser reports even a caught probe as
 * a CSP violation. Imported first by main.tsx, before any schema exists.
 */
import { config } from 'zod';

config({ jitless: true });
