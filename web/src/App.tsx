import { createBrowserRouter, RouterProvider } from 'react-router';
import { RequireActiveSession, RequireStage } from './guards.tsx';
import { ChangePasswordPage } from './pages/auth/ChangePasswordPage.tsx';
import { ConfirmEmailPage } from './pages/auth/ConfirmEmailPage.tsx';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage.tsx';
import { InvitationPage } from './pages/auth/InvitationPage.tsx';
import { ResetPasswordPage } from './pages/auth/ResetPasswordPage.tsx';
import { SignInPage } from './pages/auth/SignInPage.tsx';
import { VerifyPage } from './pages/auth/VerifyPage.tsx';
import { EarningPage, PartnerEarningPage } from './pages/earnings/EarningPage.tsx';
import { EarningsPage, PartnerEarningsPage } from './pages/earnings/EarningsPage.tsx';
import { EnrollmentPage } from './pages/enrollments/EnrollmentPage.tsx';
import { EnrollmentsPage } from './pages/enrollments/EnrollmentsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SystemStatusPage } from './pages/SystemStatusPage.tsx';
import { PartnerPage } from './pages/partners/PartnerPage.tsx';
import { PartnersPage } from './pages/partners/PartnersPage.tsx';
import { IncentivePage } from './pages/incentives/IncentivePage.tsx';
import { IncentivesPage } from './pages/incentives/IncentivesPage.tsx';
import { EditProgramPage, NewProgramPage } from './pages/programs/ProgramEditPage.tsx';
import { ProgramPage } from './pages/programs/ProgramPage.tsx';
import { ProgramsPage } from './pages/programs/ProgramsPage.tsx';
import { ProgramVersionPage } from './pages/programs/ProgramVersionPage.tsx';
import { TaxProfilesPage } from './pages/tax/TaxProfilesPage.tsx';
import { TaxReviewPage } from './pages/tax/TaxReviewPage.tsx';
import { TaxReviewsPage } from './pages/tax/TaxReviewsPage.tsx';
import { ConfirmBankChangePage } from './pages/payments/ConfirmBankChangePage.tsx';
import { PaymentProfilesPage } from './pages/payments/PaymentProfilesPage.tsx';
import { PaymentReviewPage, PaymentReviewsPage } from './pages/payments/PaymentReviewsPage.tsx';
import { PaymentRunPage } from './pages/payruns/PaymentRunPage.tsx';
import { PaymentRunsPage } from './pages/payruns/PaymentRunsPage.tsx';
import { UserPage } from './pages/users/UserPage.tsx';
import { DisputesPage } from './pages/payouts/DisputesPage.tsx';
import { PaymentPage } from './pages/payouts/PaymentPage.tsx';
import { PaymentsPage } from './pages/payouts/PaymentsPage.tsx';
import { AdjustmentPage } from './pages/billing/AdjustmentPage.tsx';
import { CalculationsPage } from './pages/billing/CalculationsPage.tsx';
import { ImportRunPage } from './pages/billing/ImportRunPage.tsx';
import { ImportsPage } from './pages/billing/ImportsPage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
// account, audit, mail and security pages: imports
import { RequirePermission } from './guards.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { SetUpVerificationPage } from './pages/auth/SetUpVerificationPage.tsx';
import { AuditLogPage } from './pages/logs/AuditLogPage.tsx';
import { MailLogPage } from './pages/logs/MailLogPage.tsx';
import { SecurityPage } from './pages/organization/SecurityPage.tsx';
import { SessionProvider } from './session.tsx';
import { PublicLayout, Shell } from './shell/Shell.tsx';

const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/invitation', element: <InvitationPage /> },
      { path: '/confirm-email', element: <ConfirmEmailPage /> },
      { path: '/confirm-bank-change', element: <ConfirmBankChangePage /> },
      { element: <RequireStage stage="mfa_required" />, children: [{ path: '/sign-in/verify', element: <VerifyPage /> }] },
      { element: <RequireStage stage="password_change_required" />, children: [{ path: '/change-password', element: <ChangePasswordPage /> }] },
      // account, audit, mail and security pages: sign-in step routes
      { element: <RequireStage stage="mfa_setup_required" />, children: [{ path: '/set-up-verification', element: <SetUpVerificationPage /> }] },
    ],
  },
  {
    element: <RequireActiveSession />,
    children: [
      {
        element: <Shell />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/users', element: <UsersPage /> },
          { path: '/users/:id', element: <UserPage /> },
          { path: '/operations/system', element: <SystemStatusPage /> },
          { path: '/partners', element: <PartnersPage /> },
          { path: '/partners/:partnerId', element: <PartnerPage /> },
          { path: '/partners/:partnerId/earnings', element: <PartnerEarningsPage /> },
          { path: '/partners/:partnerId/earnings/:id', element: <PartnerEarningPage /> },
          { path: '/incentives', element: <IncentivesPage /> },
          { path: '/incentives/:locationId/:programCode', element: <IncentivePage /> },
          { path: '/earnings', element: <EarningsPage /> },
          { path: '/earnings/:id', element: <EarningPage /> },
          { path: '/payments', element: <PaymentsPage /> },
          { path: '/payments/:id', element: <PaymentPage /> },
          { path: '/operations/disputes', element: <DisputesPage /> },
          { path: '/payment-profiles', element: <PaymentProfilesPage /> },
          { path: '/payment-reviews', element: <PaymentReviewsPage /> },
          { path: '/payment-reviews/:id', element: <PaymentReviewPage /> },
          { path: '/programs', element: <ProgramsPage /> },
          { path: '/programs/new', element: <NewProgramPage /> },
          { path: '/programs/:code', element: <ProgramPage /> },
          { path: '/enrollments', element: <EnrollmentsPage /> },
          { path: '/enrollments/:id', element: <EnrollmentPage /> },
          { path: '/tax-profiles', element: <TaxProfilesPage /> },
          { path: '/tax-reviews', element: <TaxReviewsPage /> },
          { path: '/tax-reviews/:id', element: <TaxReviewPage /> },
          { path: '/programs/:code/edit', element: <EditProgramPage /> },
          { path: '/programs/:code/versions/:version', element: <ProgramVersionPage /> },
          { path: '/operations/imports', element: <ImportsPage /> },
          { path: '/operations/imports/:id', element: <ImportRunPage /> },
          { path: '/operations/calculations', element: <CalculationsPage /> },
          { path: '/operations/adjustments/new', element: <AdjustmentPage /> },
          { path: '/operations/payment-runs', element: <PaymentRunsPage /> },
          { path: '/operations/payment-runs/:id', element: <PaymentRunPage /> },
          // account, audit, mail and security pages: signed-in routes
          { path: '/account', element: <AccountPage /> },
          {
            path: '/operations/audit',
            element: (
              <RequirePermission permission="audit.read">
                <AuditLogPage key="operator" scope="operator" />
              </RequirePermission>
            ),
          },
          {
            path: '/operations/mail',
            element: (
              <RequirePermission permission="mail.read">
                <MailLogPage />
              </RequirePermission>
            ),
          },
          {
            path: '/organization/audit',
            element: (
              <RequirePermission permission="audit.read_own_organization">
                <AuditLogPage key="organization" scope="organization" />
              </RequirePermission>
            ),
          },
          {
            path: '/organization/security',
            element: (
              <RequirePermission permission="organization.manage_security">
                <SecurityPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
