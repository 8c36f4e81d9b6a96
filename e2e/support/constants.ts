/** The fixed token the e2e server is started with, so specs can open the studio as a user would with the printed link. */
export const E2E_TOKEN = 'e2e-token-for-web-mode-tests-0123456789';
