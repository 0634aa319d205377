//! Confining an account to a region, as the account form does.

use minsheng_domain::RegionId;
use minsheng_store::Store;
use minsheng_store::accounts::UserUpdate;

/// Confines the account `name` to `region` (its own and the regions below).
pub async fn confine(store: &Store, name: &str, region: RegionId) {
    let u = store.user_by_name(name).await.unwrap().unwrap();
    let update = UserUpdate {
        display_name: u.display_name,
        role: u.role,
        units: u.units,
        leader: u.leader,
        monitors: u.monitors,
        region: Some(region),
        phone: u.phone,
        email: u.email,
        disabled: u.disabled,
    };
    store.update_user(u.id, &update).await.unwrap();
}
