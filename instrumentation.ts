// Runs once when the server starts, before any request. A configuration the dashboard cannot run
// safely stops it here with the reason: Next itself would log the error and serve anyway.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { guardListening } = await import('@/lib/k8s/listen-guard');
  try {
    guardListening();
  } catch (e) {
    console.error(`kgateway-dashboard: ${(e as Error).message}`);
    process.exit(78); // EX_CONFIG
  }
}
